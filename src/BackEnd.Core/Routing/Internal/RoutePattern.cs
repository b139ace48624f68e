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
        var parts = text.Length == 1 ? [] : text[1..].TrimEnd('/').Split('/');
        var segments = new RouteSegment[parts.Length];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length == 0)
            {
                throw Invalid(text, "empty segments ('//') are not allowed");
            }

            RouteSegment segment;
            if (part[0] == '{' && part[^1] == '}')
            {
                segment = ParseParameter(text, part[1..^1]);
                if (!names.Add(segment.Text))
                {
                    throw Invalid(text, $"the parameter '{segment.Text}' appears more than once");
                }
            }
            else if (part.Contains('{', StringComparison.Ordinal) || part.Contains('}', StringComparison.Ordinal))
            {
                throw Invalid(text, $"the segment '{part}' mixes text and parameters; a parameter must be a whole segment");
            }
            else
            {
                segment = new RouteSegment { Kind = RouteSegmentKind.Literal, Text = part };
            }

            segments[i] = segment;
        }

        Validate(text, segments);
        return new RoutePattern(text, segments);
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

            parameters++;
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
                ?? throw Invalid(text, $"the constraint '{constraintName}' of '{name}' is unknown or its argument '{argument}' is invalid");
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
