using System.Globalization;

namespace BackEnd.Routing.Internal.Binding;

/// <summary>Turns the text of a route value, query parameter or header into a simple type, with the invariant culture.</summary>
internal abstract class ValueParser<T>
{
    public abstract bool TryParse(string text, out T value);

    /// <summary>Parses a value read in place (a route capture); types that parse spans override it to skip the string.</summary>
    public virtual bool TryParse(ReadOnlySpan<char> text, out T value) => TryParse(text.ToString(), out value);
}

internal sealed class StringParser : ValueParser<string>
{
    public override bool TryParse(string text, out string value)
    {
        value = text;
        return true;
    }
}

internal sealed class SpanParsableParser<T> : ValueParser<T>
    where T : ISpanParsable<T>
{
    public override bool TryParse(string text, out T value) => T.TryParse(text, CultureInfo.InvariantCulture, out value!);

    public override bool TryParse(ReadOnlySpan<char> text, out T value) => T.TryParse(text, CultureInfo.InvariantCulture, out value!);
}

internal sealed class EnumParser<T> : ValueParser<T>
    where T : struct, Enum
{
    // Numbers naming no member are rejected: an enum parameter means one of its names (or their values).
    public override bool TryParse(string text, out T value) => Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value);

    public override bool TryParse(ReadOnlySpan<char> text, out T value) => Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value);
}

internal sealed class NullableParser<T>(ValueParser<T> inner) : ValueParser<T?>
    where T : struct
{
    public override bool TryParse(string text, out T? value)
    {
        if (inner.TryParse(text, out var parsed))
        {
            value = parsed;
            return true;
        }

        value = null;
        return false;
    }

    public override bool TryParse(ReadOnlySpan<char> text, out T? value)
    {
        if (inner.TryParse(text, out var parsed))
        {
            value = parsed;
            return true;
        }

        value = null;
        return false;
    }
}
