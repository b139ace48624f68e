using System.Net;
using BackEnd.Core.Tests.Testing;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Routing;
using static BackEnd.Core.Tests.Routing.BindingTests;

namespace BackEnd.Core.Tests.Routing;

/// <summary>The router leaves route values in the path until something reads them; binders and the dictionary must agree.</summary>
public sealed class DeferredRouteValueTests
{
    public enum Shade
    {
        Light,
        Dark,
    }

    [Fact]
    public async Task BoundValueAndDictionary_OnOneConnection_AgreeAndNeverCarryOver()
    {
        await using var test = await TestApp.StartAsync(app =>
        {
            app.MapGet("/users/{id:int}/{name}", (HttpContext context, int id, string name) =>
                $"{id}|{name}|{Describe(context.Request.RouteValues)}");
            app.MapGet("/plain", (HttpContext context) => Describe(context.Request.RouteValues));
        });

        // One client keeps the connection, so the server reuses one context for all three requests.
        Assert.Equal("7|ann|id=7,name=ann", await test.Client.GetStringAsync("/users/7/ann"));
        Assert.Equal("-12|b%2Fc|id=-12,name=b%2Fc", await test.Client.GetStringAsync("/users/-12/b%2Fc"));
        Assert.Equal(string.Empty, await test.Client.GetStringAsync("/plain"));
    }

    [Fact]
    public async Task RouteValues_ReadAfterTheHandlerRewritesThePathAndMatchesAgain_AreTheValuesOfTheRouteThatRan()
    {
        await using var test = await TestApp.StartAsync(app =>
        {
            app.MapGet("/a/{id:int}", (HttpContext context, int id) =>
            {
                context.Request.Path = "/b/99/x";
                var other = context.GetEndpoint()?.Pattern;
                return $"{id}|{other}|{Describe(context.Request.RouteValues)}";
            });
            app.MapGet("/b/{n:int}/{s}", (int n, string s) => "b");
        });

        Assert.Equal("5|/b/{n:int}/{s}|id=5", await test.Client.GetStringAsync("/a/5"));
    }

    [Fact]
    public async Task MiddlewareWritingRouteValuesBeforeRouting_SeesThemJoinedByTheCapturedOnes()
    {
        await using var test = await TestApp.StartAsync(app =>
        {
            app.Use((context, next) =>
            {
                context.Request.RouteValues["tenant"] = "t1";
                context.Request.RouteValues["id"] = "stale";
                return next(context);
            });
            app.MapGet("/items/{id:int}", (HttpContext context, int id) => $"{id}|{Describe(context.Request.RouteValues)}");
        });

        Assert.Equal("3|id=3,tenant=t1", await test.Client.GetStringAsync("/items/3"));
    }

    [Fact]
    public async Task DefaultOfALeftOutParameter_IsBoundAndListed()
    {
        await using var test = await TestApp.StartAsync(app =>
            app.MapGet("/list/{page=4}", (HttpContext context, int page) => $"{page}|{Describe(context.Request.RouteValues)}"));

        Assert.Equal("4|page=4", await test.Client.GetStringAsync("/list"));
        Assert.Equal("9|page=9", await test.Client.GetStringAsync("/list/9"));
    }

    [Theory]
    [InlineData("/enum/dark", "Dark")]
    [InlineData("/enum/LIGHT", "Light")]
    [InlineData("/nullable/41", "41")]
    [InlineData("/long/9223372036854775807", "9223372036854775807")]
    [InlineData("/guid/0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5b-d9cb-469f-a165-70867728950e")]
    public async Task CapturedValue_OfEachParsedKind_IsParsedInPlace(string path, string expected)
    {
        await using var test = await StartKindsAsync();

        Assert.Equal(expected, await test.Client.GetStringAsync(path));
    }

    [Theory]
    [InlineData("/enum/7", "'7'")]
    [InlineData("/enum/dim", "'dim'")]
    [InlineData("/nullable/4x", "'4x'")]
    [InlineData("/long/9223372036854775808", "'9223372036854775808'")]
    [InlineData("/guid/0f8fad5b", "'0f8fad5b'")]
    [InlineData("/nullable/%27%3B%20DROP%20TABLE%20users", "''; DROP TABLE users'")]
    public async Task CapturedValue_ThatDoesNotParse_Is400NamingTheValue(string path, string quoted)
    {
        await using var test = await StartKindsAsync();

        var response = await test.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"The value {quoted} of parameter", (await ReadProblem(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugeCapturedValue_ThatDoesNotParse_Is400WithTheValueCut()
    {
        await using var test = await StartKindsAsync();

        var response = await test.Client.GetAsync("/nullable/" + new string('9', 5000));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await ReadProblem(response)).GetProperty("detail").GetString()!;
        Assert.Contains("'" + new string('9', 64) + "…'", detail, StringComparison.Ordinal);
        Assert.True(detail.Length < 300, detail);
    }

    private static Task<TestAppHandle> StartKindsAsync() => TestApp.StartAsync(app =>
    {
        app.MapGet("/enum/{shade}", (Shade shade) => shade.ToString());
        app.MapGet("/nullable/{n}", (int? n) => n?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null");
        app.MapGet("/long/{n}", (long n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.MapGet("/guid/{g}", (Guid g) => g.ToString());
    });

    private static string Describe(IDictionary<string, object?> values) =>
        string.Join(",", values.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));
}
