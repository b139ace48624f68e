using BackEnd.Http;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Pipeline.Cors.Internal;

/// <summary>Answers preflights and marks allowed cross-origin responses; disallowed origins simply get no CORS headers, so the browser blocks them.</summary>
internal sealed class CorsMiddleware(RequestDelegate next, CorsPolicy policy)
{
    public ValueTask InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers["Origin"];
        if (origin.Count == 0)
        {
            return next(context);
        }

        var originText = origin.ToString();
        var requestedMethod = request.Headers["Access-Control-Request-Method"];
        if (request.Method == "OPTIONS" && requestedMethod.Count > 0)
        {
            Preflight(context, originText, requestedMethod.ToString());
            return default;
        }

        if (policy.IsOriginAllowed(originText))
        {
            var headers = context.Response.Headers;
            AddOrigin(headers, originText);
            if (policy.ExposedHeaders is not null)
            {
                headers["Access-Control-Expose-Headers"] = policy.ExposedHeaders;
            }
        }

        return next(context);
    }

    private void Preflight(HttpContext context, string origin, string method)
    {
        var response = context.Response;
        response.StatusCode = 204;
        var headers = response.Headers;
        if (!policy.IsOriginAllowed(origin) || !policy.Methods.Contains(method))
        {
            headers["Vary"] = "Origin";
            return;
        }

        var requestedHeaders = context.Request.Headers["Access-Control-Request-Headers"];
        if (requestedHeaders.Count > 0 && !policy.AllowAnyHeader)
        {
            foreach (var value in requestedHeaders)
            {
                foreach (var name in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!policy.Headers.Contains(name))
                    {
                        headers["Vary"] = "Origin";
                        return;
                    }
                }
            }
        }

        AddOrigin(headers, origin);
        headers["Access-Control-Allow-Methods"] = policy.MethodsHeader;
        if (requestedHeaders.Count > 0)
        {
            headers["Access-Control-Allow-Headers"] = requestedHeaders.ToString();
        }

        headers["Access-Control-Max-Age"] = policy.MaxAge;
    }

    private void AddOrigin(IHeaderDictionary headers, string origin)
    {
        // '*' only when it is truly any origin without credentials; otherwise echo the origin and vary on it.
        if (policy.AllowAnyOrigin && !policy.AllowCredentials)
        {
            headers["Access-Control-Allow-Origin"] = "*";
            return;
        }

        headers["Access-Control-Allow-Origin"] = origin;
        headers["Vary"] = StringValues.Concat(headers["Vary"], "Origin");
        if (policy.AllowCredentials)
        {
            headers["Access-Control-Allow-Credentials"] = "true";
        }
    }
}
