using System.Text;

namespace BackEnd.Routing.Internal;

/// <summary>A route template parsed once at start-up into segments.</summary>
internal sealed class RoutePattern
{
    public const int MaxParameters = CaptureBuffer.Capacity;

    private RoutePattern(string text, RouteSegment[] segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; }

    public RouteSegment[] Segments { get; }

    public static string Combine(string prefix, string pattern)
    {
        var left = prefix.TrimEnd('/');
        var right = pattern.TrimStart('/');
        if (left.Length > 0 && left[0] != '/')
        {
            left = "/" + left;
        }

        return right.Length == 0 ? (left.Length == 0 ? "/" : left) : left + "/" + right;
    }

    public static RoutePattern Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var text = pattern.Length == 0 || pattern[0] != '/' ? "/" + pattern : pattern;
        var parts = text.Length == 1 ? [] : SplitSegments(text[1..].TrimEnd('/'));
        var segments = new RouteSegment[parts.Length];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length == 0)
            {
                throw Invalid(text, "empty segments ('//') are not allowed");
            }

            var segment = ParseSegment(text, part);
            foreach (var name in segment.ParameterNames)
            {
                if (!names.Add(name))
                {
                    throw Invalid(text, $"the parameter '{name}' appears more than once");
                }
            }

            segments[i] = segment;
        }

        Validate(text, segments);
        return new RoutePattern(text, segments);
    }

    /// <summary>Splits at <c>/</c> outside parameters, so a constraint such as <c>regex(^[^/]+$)</c> stays in its segment.</summary>
    private static string[] SplitSegments(string text)
    {
        var parts = new List<string>();
        var start = 0;
        var braces = 0;
        var parentheses = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\' when braces > 0:
                    i++;
                    break;
                case '{' when parentheses == 0:
                    braces++;
                    break;
                case '}' when parentheses == 0 && braces > 0:
                    braces--;
                    break;
                case '(' when braces > 0:
                    parentheses++;
                    break;
                case ')' when parentheses > 0:
                    parentheses--;
                    break;
                case '/' when braces == 0:
                    parts.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(text[start..]);
        return [.. parts];
    }

    private static void Validate(string text, RouteSegment[] segments)
    {
        var parameters = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Kind == RouteSegmentKind.Literal)
            {
                continue;
            }

            parameters += segment.Kind == RouteSegmentKind.Complex ? segment.Parts.Count(static p => p.Kind != RouteSegmentKind.Literal) : 1;
            if (segment.Kind == RouteSegmentKind.CatchAll && i != segments.Length - 1)
            {
                throw Invalid(text, $"the catch-all parameter '{segment.Text}' must be the last segment");
            }

            var optional = segment.IsOptional || segment.DefaultValue is not null;
            if (optional && segment.Kind == RouteSegmentKind.Parameter)
            {
                for (var j = i + 1; j < segments.Length; j++)
                {
                    var after = segments[j];
                    if (after.Kind != RouteSegmentKind.Parameter || (!after.IsOptional && after.DefaultValue is null))
                    {
                        throw Invalid(text, $"the optional parameter '{segment.Text}' must be followed only by optional parameters");
                    }
                }
            }
        }

        if (parameters > MaxParameters)
        {
            throw Invalid(text, $"a route may have at most {MaxParameters} parameters");
        }
    }

    /// <summary>Splits a segment into literal text and <c>{...}</c> parameters; a whole-segment parameter stays a plain parameter.</summary>
    private static RouteSegment ParseSegment(string text, string part)
    {
        var parts = new List<RouteSegment>();
        var position = 0;
        while (position < part.Length)
        {
            var open = part.IndexOfAny(['{', '}'], position);
            if (open < 0)
            {
                parts.Add(new RouteSegment { Kind = RouteSegmentKind.Literal, Text = part[position..] });
                break;
            }

            if (part[open] == '}')
            {
                throw Invalid(text, $"the segment '{part}' has a '}}' with no '{{' before it");
            }

            if (open > position)
            {
                parts.Add(new RouteSegment { Kind = RouteSegmentKind.Literal, Text = part[position..open] });
            }

            var close = FindClosingBrace(part, open);
            if (close < 0)
            {
                throw Invalid(text, $"the '{{' in the segment '{part}' is never closed; add '}}' after the parameter");
            }

            if (parts.Count > 0 && parts[^1].Kind != RouteSegmentKind.Literal)
            {
                throw Invalid(text, $"the segment '{part}' has two parameters side by side; separate them with literal text such as '.' or '-'");
            }

            parts.Add(ParseParameter(text, part[(open + 1)..close]));
            position = close + 1;
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        foreach (var piece in parts)
        {
            if (piece.Kind == RouteSegmentKind.CatchAll || piece.IsOptional || piece.DefaultValue is not null)
            {
                throw Invalid(text, $"the parameter '{piece.Text}' in the segment '{part}' shares its segment with text, so it cannot be a catch-all, optional or have a default");
            }
        }

        var key = new StringBuilder();
        foreach (var piece in parts)
        {
            key.Append(piece.Kind == RouteSegmentKind.Literal ? piece.Text.ToUpperInvariant() : "{" + piece.ConstraintKey + "}");
        }

        return new RouteSegment { Kind = RouteSegmentKind.Complex, Text = part, Parts = [.. parts], ConstraintKey = key.ToString() };
    }

    /// <summary>Finds the <c>}</c> that closes the parameter opened at <paramref name="open"/>; braces inside a constraint's parentheses (a regex quantifier) do not count.</summary>
    private static int FindClosingBrace(string part, int open)
    {
        var depth = 0;
        for (var i = open + 1; i < part.Length; i++)
        {
            switch (part[i])
            {
                case '\\':
                    i++;
                    break;
                case '(':
                    depth++;
                    break;
                case ')' when depth > 0:
                    depth--;
                    break;
                case '}' when depth == 0:
                    return i;
            }
        }

        return -1;
    }

    private static RouteSegment ParseParameter(string text, string inner)
    {
        var kind = RouteSegmentKind.Parameter;
        var position = 0;
        if (inner.StartsWith('*'))
        {
            kind = RouteSegmentKind.CatchAll;
            position = inner.StartsWith("**", StringComparison.Ordinal) ? 2 : 1;
        }

        var nameStart = position;
        while (position < inner.Length && inner[position] is not (':' or '=' or '?'))
        {
            position++;
        }

        var name = inner[nameStart..position];
        if (name.Length == 0 || !IsValidName(name))
        {
            throw Invalid(text, $"'{{{inner}}}' has no valid parameter name (letters, digits and '_')");
        }

        var constraints = new List<RouteConstraint>();
        var key = new StringBuilder();
        while (position < inner.Length && inner[position] == ':')
        {
            position++;
            var start = position;
            while (position < inner.Length && char.IsAsciiLetter(inner[position]))
            {
                position++;
            }

            var constraintName = inner[start..position];
            string? argument = null;
            if (position < inner.Length && inner[position] == '(')
            {
                var depth = 0;
                var argStart = position + 1;
                for (; position < inner.Length; position++)
                {
                    var c = inner[position];
                    if (c == '\\')
                    {
                        position++;
                        continue;
                    }

                    if (c == '(')
                    {
                        depth++;
                    }
                    else if (c == ')' && --depth == 0)
                    {
                        break;
                    }
                }

                if (position >= inner.Length)
                {
                    throw Invalid(text, $"the constraint '{constraintName}' of '{name}' has no closing parenthesis");
                }

                argument = inner[argStart..position];
                position++;
            }

            var constraint = RouteConstraint.Create(constraintName, argument)
                ?? throw Invalid(text, string.Equals(constraintName, "regex", StringComparison.OrdinalIgnoreCase)
                    ? $"the regex '{argument}' of '{name}' is invalid or uses lookarounds, backreferences or atomic groups, which the non-backtracking engine route constraints run on does not support"
                    : $"the constraint '{constraintName}' of '{name}' is unknown or its argument '{argument}' is invalid");
            constraints.Add(constraint);
            key.Append(':').Append(constraint.Key);
        }

        var optional = false;
        string? defaultValue = null;
        if (position < inner.Length && inner[position] == '?' && position == inner.Length - 1)
        {
            optional = true;
            position++;
        }
        else if (position < inner.Length && inner[position] == '=')
        {
            defaultValue = inner[(position + 1)..];
            position = inner.Length;
        }

        if (position != inner.Length)
        {
            throw Invalid(text, $"'{{{inner}}}' has unexpected text after the parameter");
        }

        if (kind == RouteSegmentKind.CatchAll && (optional || defaultValue is not null))
        {
            throw Invalid(text, $"the catch-all parameter '{name}' is always optional; remove '?' or '='");
        }

        return new RouteSegment
        {
            Kind = kind,
            Text = name,
            Constraints = [.. constraints],
            ConstraintKey = key.ToString(),
            IsOptional = optional,
            DefaultValue = defaultValue,
        };
    }

    private static bool IsValidName(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static ArgumentException Invalid(string text, string reason) =>
        new($"The route template '{text}' is invalid: {reason}.");
}
