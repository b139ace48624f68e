using BackEnd.Http;
using BackEnd.Routing;

namespace BackEnd.HttpResults.Internal;

/// <summary>201 with a <c>Location</c> header, given directly or generated from a route name.</summary>
internal sealed class CreatedResult<T>(string? location, string? routeName, IReadOnlyDictionary<string, object?>? routeValues, T value, bool hasValue) : IResult
{
    public ValueTask ExecuteAsync(HttpContext httpContext)
    {
        var uri = location;
        if (routeName is not null)
        {
            var links = httpContext.RequestServices.GetService(typeof(LinkGenerator)) as LinkGenerator
                ?? throw new InvalidOperationException("CreatedAtRoute needs routing; register it with services.AddBackEnd().AddRouting().");
            uri = links.GetPath(routeName, routeValues);
        }

        if (uri is not null)
        {
            httpContext.Response.Headers["Location"] = uri;
        }

        return hasValue ? ResponseWriter.WriteJsonAsync(httpContext, value, 201, null) : ResponseWriter.WriteStatusAsync(httpContext, 201);
    }
}
