using System.Diagnostics;
using System.Globalization;
using System.Net;
using OpenTelemetry.Metrics;

namespace Samples.Telemetry.Tests;

/// <summary>What the sample exports through OpenTelemetry for real requests over a socket.</summary>
public sealed class TracingTests
{
    // The example header of the W3C Trace Context recommendation (section 3.2.4).
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string ParentId = "b7ad6b7169203331";
    private const string ItemRoute = "/items/{id:long}";

    [Fact]
    public async Task ItemRoute_WithTraceparent_ExportsServerSpanInCallersTrace_WithSqlChild()
    {
        await using var app = await TelemetryHost.StartAsync();
        using var client = app.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/items/2");
        request.Headers.Add("traceparent", $"00-{TraceId}-{ParentId}-01");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"id":2,"name":"saw"}""", await response.Content.ReadAsStringAsync());
        var server = await app.WaitForSpanAsync(s => s.Source.Name == "BackEnd.Server" && s.TraceId.ToHexString() == TraceId);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Equal(ParentId, server.ParentSpanId.ToHexString());
        Assert.True(server.HasRemoteParent);
        Assert.Equal("GET " + ItemRoute, server.DisplayName);
        Assert.Equal(ItemRoute, Tag(server, "http.route"));
        Assert.Equal("200", Tag(server, "http.response.status_code"));
        Assert.Equal("/items/2", Tag(server, "url.path"));
        Assert.NotEqual(ActivityStatusCode.Error, server.Status);

        // The repository's SELECT ran inside the request: same trace, parented by the server span.
        var query = Assert.Single(app.Spans(), s => s.Source.Name == "BackEnd.Storage.Sql" && s.TraceId == server.TraceId);
        Assert.Equal(server.SpanId, query.ParentSpanId);
        Assert.Equal(ActivityKind.Client, query.Kind);
        Assert.Equal("sqlite", Tag(query, "db.system"));
        Assert.Equal("SELECT", Tag(query, "db.operation.name"));
        Assert.Contains("items", Tag(query, "db.query.text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_DurationHistograms_CarryRouteAndStatus()
    {
        await using var app = await TelemetryHost.StartAsync();
        using var client = app.Host.CreateClient();
        var selectsBefore = HistogramCount(app.CollectMetric("db.client.operation.duration"), ("db.system", "sqlite"), ("db.operation.name", "SELECT"));
        for (var i = 1; i <= 3; i++)
        {
            using var found = await client.GetAsync(new Uri("/items/" + i.ToString(CultureInfo.InvariantCulture), UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        }

        using var missing = await client.GetAsync(new Uri("/items/404", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await app.WaitForSpanAsync(s => Tag(s, "url.path") == "/items/404");

        var http = app.CollectMetric("http.server.request.duration");
        Assert.Equal("s", http.Unit);
        Assert.Equal(3, HistogramCount(http, ("http.route", ItemRoute), ("http.response.status_code", "200"), ("http.request.method", "GET")));
        Assert.Equal(1, HistogramCount(http, ("http.route", ItemRoute), ("http.response.status_code", "404")));

        // Four requests, four SELECTs by key on top of those the migrations ran at start-up (cumulative temporality).
        var db = app.CollectMetric("db.client.operation.duration");
        Assert.Equal("s", db.Unit);
        Assert.Equal(selectsBefore + 4, HistogramCount(db, ("db.system", "sqlite"), ("db.operation.name", "SELECT")));
    }

    // Invalid per W3C Trace Context: version ff, an all-zero trace id, an all-zero parent id, upper-case hex, wrong lengths, garbage.
    [Theory]
    [InlineData("ff-" + TraceId + "-" + ParentId + "-01")]
    [InlineData("00-00000000000000000000000000000000-" + ParentId + "-01")]
    [InlineData("00-" + TraceId + "-0000000000000000-01")]
    [InlineData("00-0AF7651916CD43DD8448EB211C80319C-" + ParentId + "-01")]
    [InlineData("00-" + TraceId + "-" + ParentId + "0-01")]
    [InlineData("00-" + TraceId + "-" + ParentId)]
    [InlineData("not a traceparent")]
    public async Task InvalidTraceparent_StartsNewTrace(string traceparent)
    {
        await using var app = await TelemetryHost.StartAsync();
        using var client = app.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/items/1");
        Assert.True(request.Headers.TryAddWithoutValidation("traceparent", traceparent));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var server = await app.WaitForSpanAsync(s => s.Source.Name == "BackEnd.Server" && Tag(s, "url.path") == "/items/1");
        Assert.False(server.HasRemoteParent);
        Assert.Equal(default, server.ParentSpanId);
        Assert.NotEqual(TraceId, server.TraceId.ToHexString());
        Assert.NotEqual(default, server.TraceId);
        var query = Assert.Single(app.Spans(), s => s.Source.Name == "BackEnd.Storage.Sql" && s.TraceId == server.TraceId);
        Assert.Equal(server.SpanId, query.ParentSpanId);
    }

    // An id the {id:long} constraint refuses (text, SQL metacharacters, beyond long) matches no route: 404, no http.route, no query.
    [Theory]
    [InlineData("/items/abc")]
    [InlineData("/items/1%27%20OR%20%271%27=%271")]
    [InlineData("/items/99999999999999999999")]
    [InlineData("/items/1.5")]
    public async Task NonNumericId_Is404_WithStatusTag_AndNoRoute(string path)
    {
        await using var app = await TelemetryHost.StartAsync();
        using var client = app.Host.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var server = await app.WaitForSpanAsync(s => s.Source.Name == "BackEnd.Server" && Tag(s, "http.response.status_code") == "404");
        Assert.Null(server.GetTagItem("http.route"));
        Assert.Equal("GET", server.DisplayName);
        Assert.NotEqual(ActivityStatusCode.Error, server.Status);
        Assert.DoesNotContain(app.Spans(), s => s.Source.Name == "BackEnd.Storage.Sql" && s.TraceId == server.TraceId);
        Assert.Equal(1, HistogramCount(app.CollectMetric("http.server.request.duration"), ("http.response.status_code", "404")));
    }

    [Fact]
    public async Task UnhandledException_Is500_AndAnErrorSpan()
    {
        await using var app = await TelemetryHost.StartAsync();
        using var client = app.Host.CreateClient();

        using var response = await client.GetAsync(new Uri("/fail", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("on purpose", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var server = await app.WaitForSpanAsync(s => s.Source.Name == "BackEnd.Server" && Tag(s, "http.route") == "/fail");
        Assert.Equal("500", Tag(server, "http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, server.Status);
        Assert.Equal("500", Tag(server, "error.type"));
        Assert.Equal(1, HistogramCount(
            app.CollectMetric("http.server.request.duration"),
            ("http.route", "/fail"), ("http.response.status_code", "500"), ("error.type", "500")));
    }

    private static string? Tag(Activity activity, string key) => Convert.ToString(activity.GetTagItem(key), CultureInfo.InvariantCulture);

    /// <summary>The number of measurements in the points whose tags include all of <paramref name="tags"/>.</summary>
    private static long HistogramCount(MetricSnapshot metric, params (string Key, string Value)[] tags)
    {
        long count = 0;
        foreach (var point in metric.MetricPoints)
        {
            var pointTags = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in point.Tags)
            {
                pointTags[tag.Key] = Convert.ToString(tag.Value, CultureInfo.InvariantCulture);
            }

            if (tags.All(t => pointTags.TryGetValue(t.Key, out var value) && value == t.Value))
            {
                count += point.GetHistogramCount();
            }
        }

        return count;
    }
}
