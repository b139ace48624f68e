using System.Globalization;
using System.Text;
using BackEnd.Routing.Internal;

namespace BackEnd.Routing;

/// <summary>Builds paths from route names and values, for <c>Location</c> headers and links.</summary>
public sealed class LinkGenerator
{
    private readonly Func<IReadOnlyList<Endpoint>> _endpoints;
    private Dictionary<string, (Endpoint Endpoint, RoutePattern Pattern)>? _byName;

    internal LinkGenerator(Func<IReadOnlyList<Endpoint>> endpoints) => _endpoints = endpoints;

    /// <summary>Builds the path of a named route; values not used by the template are appended as a query string.</summary>
    /// <param name="routeName">The name given with <c>WithName</c>.</param>
    /// <param name="values">The route values; formatted with the invariant culture and percent-encoded.</param>
    /// <returns>The path, such as <c>/products/42</c>.</returns>
    /// <exception cref="InvalidOperationException">The name is unknown or a required value is missing.</exception>
    public string GetPath(string routeName, IReadOnlyDictionary<string, object?>? values = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(routeName);
        var byName = _byName ??= Index(_endpoints());
        if (!byName.TryGetValue(routeName, out var route))
        {
            throw new InvalidOperationException($"No route is named '{routeName}'.");
        }

        var path = new StringBuilder();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in route.Pattern.Segments)
        {
            if (segment.Kind == RouteSegmentKind.Literal)
            {
                path.Append('/').Append(segment.Text);
                continue;
            }

            if (segment.Kind == RouteSegmentKind.Complex)
            {
                path.Append('/');
                foreach (var part in segment.Parts)
                {
                    if (part.Kind == RouteSegmentKind.Literal)
                    {
                        path.Append(part.Text);
                        continue;
                    }

                    used.Add(part.Text);
                    path.Append(Uri.EscapeDataString(Find(values, part.Text)
                        ?? throw new InvalidOperationException($"The route '{routeName}' ({route.Pattern.Text}) needs a value for '{part.Text}'.")));
                }

                continue;
            }

            used.Add(segment.Text);
            var value = Find(values, segment.Text);
            if (value is null)
            {
                if (segment.Kind == RouteSegmentKind.CatchAll || segment.IsOptional || segment.DefaultValue is not null)
                {
                    break;
                }

                throw new InvalidOperationException($"The route '{routeName}' ({route.Pattern.Text}) needs a value for '{segment.Text}'.");
            }

            path.Append('/');
            if (segment.Kind == RouteSegmentKind.CatchAll)
            {
                path.Append(string.Join('/', value.Split('/').Select(Uri.EscapeDataString)));
            }
            else
            {
                path.Append(Uri.EscapeDataString(value));
            }
        }

        if (path.Length == 0)
        {
            path.Append('/');
        }

        var separator = '?';
        if (values is not null)
        {
            foreach (var (key, raw) in values)
            {
                if (raw is not null && !used.Contains(key))
                {
                    path.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(Format(raw)));
                    separator = '&';
                }
            }
        }

        return path.ToString();
    }

    private static string? Find(IReadOnlyDictionary<string, object?>? values, string name)
    {
        if (values is null)
        {
            return null;
        }

        foreach (var (key, value) in values)
        {
            if (value is not null && string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return Format(value);
            }
        }

        return null;
    }

    private static string Format(object value) => value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static Dictionary<string, (Endpoint, RoutePattern)> Index(IReadOnlyList<Endpoint> endpoints)
    {
        var byName = new Dictionary<string, (Endpoint, RoutePattern)>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Name is not null)
            {
                byName[endpoint.Name] = (endpoint, RoutePattern.Parse(endpoint.Pattern));
            }
        }

        return byName;
    }
}
