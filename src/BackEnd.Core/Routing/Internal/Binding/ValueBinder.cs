using BackEnd.Http;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Routing.Internal.Binding;

/// <summary>Binds one simple-typed parameter from a route value, the query string or a header.</summary>
internal sealed class ValueBinder<T>(BindingSource source, string parameter, string key, ValueParser<T> parser, bool required, T defaultValue, string typeName)
{
    public bool TryBind(HttpContext context, out T value, out BindingError error)
    {
        if (source == BindingSource.Query && context.Request.Query[key].Count > 1)
        {
            // Taking the first (or last) of ?n=1&n=2 silently lets a proxy and the app disagree on the value; ASP.NET Core refuses it too.
            value = defaultValue;
            error = new BindingError(400, $"The parameter '{parameter}' takes one value, but the query string has {context.Request.Query[key].Count} for '{key}'. Send it once, or bind it to an array.");
            return false;
        }

        // The router defers route values: a captured one is parsed where it stands in the path, with no string or dictionary.
        if (source == BindingSource.Route && context.RouteSelection.TryGetPending(key, out var captured) && !captured.IsEmpty)
        {
            if (parser.TryParse(captured, out value))
            {
                error = default;
                return true;
            }

            error = new BindingError(400, $"The value '{Truncate(captured.ToString())}' of parameter '{parameter}' {Where()} is not a valid {typeName}.");
            return false;
        }

        var text = Read(context);
        if (string.IsNullOrEmpty(text))
        {
            value = defaultValue;
            if (required)
            {
                error = new BindingError(400, $"The required parameter '{parameter}' was not provided {Where()}.");
                return false;
            }

            error = default;
            return true;
        }

        if (parser.TryParse(text, out value))
        {
            error = default;
            return true;
        }

        error = new BindingError(400, $"The value '{Truncate(text)}' of parameter '{parameter}' {Where()} is not a valid {typeName}.");
        return false;
    }

    internal static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");

    private string? Read(HttpContext context)
    {
        switch (source)
        {
            case BindingSource.Route:
                return context.Request.RouteValues.TryGetValue(key, out var routeValue) ? routeValue as string ?? routeValue?.ToString() : null;
            case BindingSource.Query:
                var query = context.Request.Query[key];
                return query.Count == 0 ? null : query[0];
            default:
                StringValues header = context.Request.Headers[key];
                return header.Count == 0 ? null : header.ToString();
        }
    }

    private string Where() => source switch
    {
        BindingSource.Route => $"in the route ('{key}')",
        BindingSource.Query => $"in the query string ('{key}')",
        _ => $"in the header '{key}'",
    };
}
