using System.Globalization;
using BackEnd.Routing;
using BackEnd.Routing.Internal;

namespace BackEnd.Bench.Routing;

/// <summary>A typical REST API shape: per resource, a list, an item, a nested collection and a nested item.</summary>
internal static class RouteTable
{
    public static List<Endpoint> Create(int count)
    {
        var endpoints = new List<Endpoint>(count);
        for (var i = 0; endpoints.Count < count; i++)
        {
            var resource = "/api/resource" + i.ToString(CultureInfo.InvariantCulture);
            Add(endpoints, count, "GET", resource);
            Add(endpoints, count, "GET", resource + "/{id:int}");
            Add(endpoints, count, "GET", resource + "/{id:int}/items");
            Add(endpoints, count, "GET", resource + "/{id:int}/items/{item}");
            Add(endpoints, count, "POST", resource);
        }

        return endpoints;
    }

    /// <summary>The resource registered last, so a linear scan would have to pass every other route first.</summary>
    public static string LastResource(int count) => "/api/resource" + ((count - 1) / 5).ToString(CultureInfo.InvariantCulture);

    public static RouteMatcher Build(int count) => RouteMatcher.Build(Create(count));

    private static void Add(List<Endpoint> endpoints, int count, string method, string pattern)
    {
        if (endpoints.Count < count)
        {
            endpoints.Add(new Endpoint(pattern, [method], null, [], null, static _ => default));
        }
    }
}
