using System.Net;
using System.Text;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Testing;
using Microsoft.Extensions.Options;
using static BackEnd.Core.Tests.Routing.BindingTests;

namespace BackEnd.Core.Tests.Routing;

/// <summary>RouteHandlerOptions.InvalidBodyStatusCode: well-formed bodies that do not fit or fail validation answer 422 when asked; broken syntax stays 400.</summary>
public sealed class InvalidBodyStatusTests
{
    [Fact]
    public async Task Bind_WrongShape_DefaultIs400And422WhenConfigured()
    {
        // "price" is a required constructor parameter of Product, so the body is valid JSON of the wrong shape.
        await using var plain = await StartAsync(400);
        await using var unprocessable = await StartAsync(422);

        var before = await plain.CreateClient().PostAsync("/p", Json("{\"name\":\"pen\"}"));
        var after = await unprocessable.CreateClient().PostAsync("/p", Json("{\"name\":\"pen\"}"));

        Assert.Equal(HttpStatusCode.BadRequest, before.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableContent, after.StatusCode);
        var problem = await ReadProblem(after);
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Contains("parameter 'product'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"name\":\"pen\",\"price\":\"two\"}")] // a string where a number is expected
    [InlineData("{\"name\":null,\"price\":2}")] // null for a non-nullable member
    [InlineData("null")] // null for the whole required body
    public async Task Bind_WellFormedButUnfit_Returns422(string body)
    {
        await using var host = await StartAsync(422);

        var response = await host.CreateClient().PostAsync("/p", Json(body));

        Assert.Equal(HttpStatusCode.UnprocessableContent, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"name\":\"pen\",")] // cut short
    [InlineData("{\"name\":'pen',\"price\":2}")] // single quotes
    [InlineData("{\"name\":\"pen\",\"price\":2} trailing")] // more after the value
    [InlineData("\u00ff\u00fe")] // not JSON at all
    public async Task Bind_BrokenSyntax_Stays400With422Configured(string body)
    {
        await using var host = await StartAsync(422);

        var response = await host.CreateClient().PostAsync("/p", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Bind_MissingBodyOrWrongMediaType_KeepsTheirStatuses()
    {
        await using var host = await StartAsync(422);
        using var client = host.CreateClient();

        var missing = await client.PostAsync("/p", null);
        var text = await client.PostAsync("/p", new StringContent("{\"name\":\"pen\",\"price\":2}", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task Validate_FailingDataAnnotations_Returns422ValidationProblem()
    {
        await using var host = await StartAsync(422);

        var response = await host.CreateClient().PostAsync("/r", Json("{\"title\":\"\",\"stars\":9,\"reviewerEmail\":\"a@b.example\"}"));

        Assert.Equal(HttpStatusCode.UnprocessableContent, response.StatusCode);
        var problem = await ReadProblem(response);
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.21", problem.GetProperty("type").GetString());
        Assert.Equal(["title", "stars"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Bind_FormFieldOfWrongType_Returns422()
    {
        await using var host = await StartAsync(422);

        var response = await host.CreateClient().PostAsync(
            "/form", new StringContent("userName=ann&age=forty", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnprocessableContent, response.StatusCode);
    }

    [Fact]
    public async Task Bind_ValidBody_RunsHandlerWith422Configured()
    {
        await using var host = await StartAsync(422);

        var response = await host.CreateClient().PostAsync("/p", Json("{\"name\":\"pen\",\"price\":2}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"name\":\"pen\",\"price\":2}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(200)]
    [InlineData(418)]
    [InlineData(500)]
    public async Task Start_StatusOtherThan400Or422_FailsNamingTheOption(int status)
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(status));

        Assert.Contains("InvalidBodyStatusCode", exception.Message, StringComparison.Ordinal);
    }

    private static Task<BackEndTestHost> StartAsync(int status) => BackEndTestHost.StartAsync(b => b
        .ConfigureRouteHandlers(o => o.InvalidBodyStatusCode = status)
        .Configure(app =>
        {
            app.MapPost("/p", (Product product) => product);
            app.MapPost("/r", (Review review) => review.Title);
            app.MapPost("/form", ([FromForm] FormBindingTests.SignUpForm form) => form.UserName);
        }));
}
