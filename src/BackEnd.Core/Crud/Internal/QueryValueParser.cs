using System.Globalization;

namespace BackEnd.Crud.Internal;

/// <summary>Turns query-string and claim text into a member's type, so every value reaches storage typed and bound, never as SQL text.</summary>
internal static class QueryValueParser
{
    public static bool TryParse(string? text, Type type, out object? value)
    {
        value = null;
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (text is null)
        {
            return false;
        }

        if (target == typeof(string))
        {
            value = text;
            return true;
        }

        var invariant = CultureInfo.InvariantCulture;
        bool ok;
        (ok, value) = target switch
        {
            _ when target == typeof(int) => (int.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out var v), (object)v),
            _ when target == typeof(long) => (long.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out var v), v),
            _ when target == typeof(short) => (short.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out var v), v),
            _ when target == typeof(decimal) => (decimal.TryParse(text, NumberStyles.Number, invariant, out var v), v),
            _ when target == typeof(double) => (double.TryParse(text, NumberStyles.Float, invariant, out var v) && double.IsFinite(v), v),
            _ when target == typeof(float) => (float.TryParse(text, NumberStyles.Float, invariant, out var v) && float.IsFinite(v), v),
            _ when target == typeof(bool) => (bool.TryParse(text, out var v), v),
            _ when target == typeof(Guid) => (Guid.TryParse(text, out var v), v),
            _ when target == typeof(DateTimeOffset) => (DateTimeOffset.TryParse(text, invariant, DateTimeStyles.RoundtripKind, out var v), v),
            _ when target == typeof(DateTime) => (DateTime.TryParse(text, invariant, DateTimeStyles.RoundtripKind, out var v), v),
            _ when target == typeof(DateOnly) => (DateOnly.TryParse(text, invariant, out var v), v),
            _ when target.IsEnum => ParseEnum(text, target),
            _ => (false, null),
        };
        return ok;
    }

    private static (bool, object?) ParseEnum(string text, Type type)
    {
        // Names only: a number would let a client store values the enum does not define.
        if (text.Length == 0 || char.IsDigit(text[0]) || text[0] == '-' || text.Contains(',', StringComparison.Ordinal))
        {
            return (false, null);
        }

        return Enum.TryParse(type, text, ignoreCase: true, out var value) && Enum.IsDefined(type, value) ? (true, value) : (false, null);
    }
}
