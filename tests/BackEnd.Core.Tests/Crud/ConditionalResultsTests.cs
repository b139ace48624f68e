using System.Net;
using BackEnd.Crud;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Testing;

namespace BackEnd.Core.Tests.Crud;

public sealed class ConditionalResultsTests
{
    private static Task<BackEndTestHost> StartAsync() => BackEndTestHost.StartAsync(b => b.Configure(app =>
    {
        app.MapGet("/report", () => ConditionalResults.Json(new { Total = 7 }, version: 4));
        app.MapPut("/report", () => ConditionalResults.Json(new { Total = 8 }, "abc-1"));
    }));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string header, string value)
    {
        using var request = new HttpRequestMessage(method, "/report");
        request.Headers.TryAddWithoutValidation(header, value);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Json_NoConditions_Writes200WithETag()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();

        var response = await client.GetAsync("/report");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"4\"", response.Headers.ETag?.ToString());
        Assert.Equal("{\"total\":7}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Json_IfNoneMatchOnGet_Returns304_WeakTagToo()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();

        var strong = await SendAsync(client, HttpMethod.Get, "If-None-Match", "\"4\"");
        var weak = await SendAsync(client, HttpMethod.Get, "If-None-Match", "\"1\", W/\"4\"");
        var other = await SendAsync(client, HttpMethod.Get, "If-None-Match", "\"5\"");

        Assert.Equal(HttpStatusCode.NotModified, strong.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, weak.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Json_IfMatchStaleOrWeak_Returns412_AndIfNoneMatchOnPut_Returns412()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();

        var stale = await SendAsync(client, HttpMethod.Put, "If-Match", "\"abc-0\"");
        var weak = await SendAsync(client, HttpMethod.Put, "If-Match", "W/\"abc-1\"");
        var current = await SendAsync(client, HttpMethod.Put, "If-Match", "\"abc-1\"");
        var exists = await SendAsync(client, HttpMethod.Put, "If-None-Match", "*");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, weak.StatusCode);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, exists.StatusCode);
    }

    [Fact]
    public void Json_TagWithQuote_Throws()
    {
        Assert.Throws<ArgumentException>(() => ConditionalResults.Json(1, "a\"b"));
    }
}
