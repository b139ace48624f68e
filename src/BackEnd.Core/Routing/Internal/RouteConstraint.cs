using System.Globalization;
using System.Text.RegularExpressions;

namespace BackEnd.Routing.Internal;

/// <summary>A check a path segment must pass for a parameter to match; built once per template.</summary>
internal abstract class RouteConstraint
{
    protected RouteConstraint(string key) => Key = key;

    /// <summary>Gets the normalised text of the constraint, used to detect templates that cannot be told apart.</summary>
    public string Key { get; }

    public abstract bool Match(ReadOnlySpan<char> value);

    public static RouteConstraint? Create(string name, string? argument)
    {
        switch (name.ToLowerInvariant())
        {
            case "int" when argument is null:
                return new Predicate("int", static v => int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
            case "long" when argument is null:
                return new Predicate("long", static v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
            case "guid" when argument is null:
                return new Predicate("guid", static v => Guid.TryParse(v, out _));
            case "bool" when argument is null:
                return new Predicate("bool", static v => bool.TryParse(v, out _));
            case "alpha" when argument is null:
                return new Predicate("alpha", static v => IsAlpha(v));
            case "min" when TryLong(argument, out var min):
                return new Range($"min({min})", min, long.MaxValue);
            case "max" when TryLong(argument, out var max):
                return new Range($"max({max})", long.MinValue, max);
            case "range" when TryPair(argument, out var from, out var to) && from <= to:
                return new Range($"range({from},{to})", from, to);
            case "length" when TryLong(argument, out var length) && length >= 0:
                return new Length($"length({length})", length, length);
            case "length" when TryPair(argument, out var shortest, out var longest) && shortest >= 0 && shortest <= longest:
                return new Length($"length({shortest},{longest})", shortest, longest);
            case "minlength" when TryLong(argument, out var minLength) && minLength >= 0:
                return new Length($"minlength({minLength})", minLength, long.MaxValue);
            case "maxlength" when TryLong(argument, out var maxLength) && maxLength >= 0:
                return new Length($"maxlength({maxLength})", 0, maxLength);
            case "regex" when !string.IsNullOrEmpty(argument):
                return CreateRegex(argument);
            default:
                return null;
        }
    }

    private static RegexConstraint? CreateRegex(string expression)
    {
        try
        {
            // Anchored so the whole segment must match: an unanchored pattern matching a substring surprises users.
            // The non-backtracking engine runs in time linear in the segment, so a pattern like (\w+\s?)+ cannot be
            // made to burn a core per request (and again for OPTIONS); patterns it cannot run (lookarounds,
            // backreferences) are refused at start-up instead of getting a timeout.
            var regex = new Regex(
                "^(?:" + expression + ")$",
                RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking);
            return new RegexConstraint("regex(" + expression + ")", regex);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static bool IsAlpha(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryLong(string? text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static bool TryPair(string? text, out long first, out long second)
    {
        first = second = 0;
        var comma = text?.IndexOf(',', StringComparison.Ordinal) ?? -1;
        return comma > 0 && TryLong(text![..comma].Trim(), out first) && TryLong(text[(comma + 1)..].Trim(), out second);
    }

    private sealed class Predicate(string key, Predicate.Check check) : RouteConstraint(key)
    {
        public delegate bool Check(ReadOnlySpan<char> value);

        public override bool Match(ReadOnlySpan<char> value) => check(value);
    }

    private sealed class Range(string key, long min, long max) : RouteConstraint(key)
    {
        public override bool Match(ReadOnlySpan<char> value) =>
            long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max;
    }

    private sealed class Length(string key, long min, long max) : RouteConstraint(key)
    {
        public override bool Match(ReadOnlySpan<char> value) => value.Length >= min && value.Length <= max;
    }

    private sealed class RegexConstraint(string key, Regex regex) : RouteConstraint(key)
    {
        public override bool Match(ReadOnlySpan<char> value)
        {
            return regex.IsMatch(value);
        }
    }
}
