using System.Net;
using System.Text;
using BackEnd.Core.Tests.Testing;
using BackEnd.Pipeline;
using BackEnd.Results;
using BackEnd.Routing;
using static BackEnd.Core.Tests.Routing.BindingTests;
using R = BackEnd.Results.Results;

namespace BackEnd.Core.Tests.Results;

public sealed class ResultsTests
{
    public static TheoryData<string, int, string?, string?> Cases => new()
    {
        { "ok", 200, null, null },
        { "ok-value", 200, "application/json", "{\"name\":\"pen\",\"price\":1}" },
        { "json", 202, "application/json", "[1,2]" },
        { "text", 200, "text/plain", "hi" },
        { "html", 200, "text/html", "<p>x</p>" },
        { "created", 201, null, null },
        { "no-content", 204, null, null },
        { "not-found", 404, "application/problem+json", null },
        { "not-found-value", 404, "application/json", "{\"id\":5}" },
        { "bad-request", 400, "application/problem+json", null },
        { "conflict", 409, "application/problem+json", null },
        { "forbidden", 403, "application/problem+json", null },
        { "unauthorized", 401, "application/problem+json", null },
        { "problem", 422, "application/problem+json", null },
        { "status", 418, "application/problem+json", null },
        { "status-ok", 202, null, null },
        { "file", 200, "text/csv", "a,b" },
        { "stream", 200, "application/octet-stream", "xyz" },
        { "string", 200, "text/plain", "plain" },
        { "object", 200, "application/json", "{\"name\":\"pen\",\"price\":1}" },
        { "void", 200, null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Execute_Result_WritesStatusContentTypeAndBody(string path, int status, string? mediaType, string? body)
    {
        await using var test = await StartAsync();

        var response = await test.Client.GetAsync("/" + path);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        if (body is not null)
        {
            Assert.Equal(body, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Problem_Always_HasRfc9457Members()
    {
        await using var test = await StartAsync();

        var problem = await ReadProblem(await test.Client.GetAsync("/problem"));

        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.21", problem.GetProperty("type").GetString());
        Assert.Equal("Unprocessable Content", problem.GetProperty("title").GetString());
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Equal("bad shape", problem.GetProperty("detail").GetString());
        Assert.Equal("/problem", problem.GetProperty("instance").GetString());
        Assert.Matches("^[0-9A-F]{8}:[0-9A-F]{8}$", problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task ValidationProblem_Errors_WrittenAsMap()
    {
        await using var test = await StartAsync();

        var response = await test.Client.GetAsync("/validation");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ReadProblem(response);
        Assert.Equal("required", problem.GetProperty("errors").GetProperty("name")[0].GetString());
    }

    [Theory]
    [InlineData("redirect", 302)]
    [InlineData("redirect-permanent", 301)]
    [InlineData("redirect-preserve", 307)]
    [InlineData("redirect-both", 308)]
    public async Task Redirect_Flags_PickStatus(string path, int status)
    {
        await using var test = await StartAsync();

        var response = await test.Client.GetAsync("/" + path);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("/target", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("evil.example")]
    [InlineData("~//evil.example")]
    [InlineData("~/\\evil.example")]
    [InlineData("~")]
    [InlineData("")]
    public void LocalRedirect_NotLocal_Throws(string url)
    {
        Assert.ThrowsAny<ArgumentException>(() => R.LocalRedirect(url));
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/orders/5?x=1", "/orders/5?x=1")]
    [InlineData("~/orders/5", "/shop/orders/5")]
    [InlineData("~/", "/shop/")]
    public async Task LocalRedirect_Local_SetsLocation(string url, string expected)
    {
        await using var test = await TestApp.StartAsync(app =>
        {
            app.Use((context, next) =>
            {
                context.Request.PathBase = "/shop";
                return next(context);
            });
            app.MapGet("/go", () => R.LocalRedirect(url, permanent: true));
        });

        var response = await test.Client.GetAsync("/go");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task File_WithDownloadName_SetsContentDisposition()
    {
        await using var test = await StartAsync();

        var response = await test.Client.GetAsync("/file");

        Assert.Equal("report.csv", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
    }

    [Fact]
    public async Task File_MissingPath_Returns404Problem()
    {
        await using var test = await StartAsync();

        var response = await test.Client.GetAsync("/missing-file");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Task<TestAppHandle> StartAsync() => TestApp.StartAsync(app =>
    {
        var product = new Product("pen", 1);
        app.MapGet("/ok", () => R.Ok());
        app.MapGet("/ok-value", () => R.Ok(product));
        app.MapGet("/json", () => R.Json(new List<int> { 1, 2 }, 202));
        app.MapGet("/text", () => R.Text("hi"));
        app.MapGet("/html", () => R.Text("<p>x</p>", "text/html; charset=utf-8"));
        app.MapGet("/created", () => R.Created("/x/1"));
        app.MapGet("/no-content", () => R.NoContent());
        app.MapGet("/not-found", () => R.NotFound());
        app.MapGet("/not-found-value", () => R.NotFound(new { id = 5 }));
        app.MapGet("/bad-request", () => R.BadRequest("nope"));
        app.MapGet("/conflict", () => R.Conflict());
        app.MapGet("/forbidden", () => R.Forbidden());
        app.MapGet("/unauthorized", () => R.Unauthorized());
        app.MapGet("/problem", () => R.Problem("bad shape", statusCode: 422));
        app.MapGet("/validation", () => R.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["required"] }));
        app.MapGet("/status", () => R.StatusCode(418));
        app.MapGet("/status-ok", () => R.StatusCode(202));
        app.MapGet("/redirect", () => R.Redirect("/target"));
        app.MapGet("/redirect-permanent", () => R.Redirect("/target", permanent: true));
        app.MapGet("/redirect-preserve", () => R.Redirect("/target", preserveMethod: true));
        app.MapGet("/redirect-both", () => R.Redirect("/target", true, true));
        app.MapGet("/file", () => R.File(Encoding.UTF8.GetBytes("a,b"), "text/csv", "report.csv"));
        app.MapGet("/missing-file", () => R.File("/definitely/not/here.txt"));
        app.MapGet("/stream", () => R.Stream(new MemoryStream(Encoding.UTF8.GetBytes("xyz"))));
        app.MapGet("/string", () => "plain");
        app.MapGet("/object", () => product);
        app.MapGet("/void", () => { });
    });
}
