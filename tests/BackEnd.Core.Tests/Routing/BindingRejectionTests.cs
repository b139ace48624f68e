using System.Net;
using System.Text.Json.Serialization;
using BackEnd.Core.Tests.Testing;
using BackEnd.Pipeline;
using BackEnd.Routing;

namespace BackEnd.Core.Tests.Routing;

/// <summary>Ambiguous query values and JSON bodies the serializer cannot bind: each a 400 problem naming the parameter or path.</summary>
public sealed class BindingRejectionTests
{
    [Theory]
    [InlineData("/n?n=1&n=2")]
    [InlineData("/n?n=1&n=1")]
    [InlineData("/n?n=&n=2")]
    public async Task Bind_DuplicateQueryKeyForScalar_Returns400NamingParameter(string target)
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/n", (int n) => n));

        var response = await test.Client.GetAsync(target);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await BindingTests.ReadProblem(response)).GetProperty("detail").GetString();
        Assert.Contains("'n'", detail, StringComparison.Ordinal);
        Assert.Contains("one value", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bind_DuplicateQueryKeyForArray_BindsAll()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/n", (int[] n) => n.Sum()));

        var text = await test.Client.GetStringAsync("/n?n=1&n=2");

        Assert.Equal("3", text);
    }

    [Theory]
    [InlineData("{\"shape\":{\"sides\":3}}", "$.shape")]
    [InlineData("{\"kind\":\"System.String\"}", "$.kind")]
    public async Task Bind_BodyWithUnsupportedMember_Returns400NamingPath(string json, string path)
    {
        await using var test = await TestApp.StartAsync(app =>
        {
            app.MapPost("/shapes", (Drawing drawing) => "ok");
            app.MapPost("/kinds", (TypeHolder holder) => "ok");
        });

        var response = await test.Client.PostAsync(path == "$.shape" ? "/shapes" : "/kinds", BindingTests.Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await BindingTests.ReadProblem(response)).GetProperty("detail").GetString();
        Assert.Contains(path, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"title\":null}")]
    public async Task Bind_MissingOrNullNonNullableMember_Returns400(string json)
    {
        await using var test = await TestApp.StartAsync(app => app.MapPost("/todos", (TodoIn todo) => todo.Title.Length));

        var response = await test.Client.PostAsync("/todos", BindingTests.Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'todo'", (await BindingTests.ReadProblem(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bind_NullForNullableMember_Binds()
    {
        await using var test = await TestApp.StartAsync(app => app.MapPost("/notes", (NoteIn note) => note.Text ?? "none"));

        var text = await (await test.Client.PostAsync("/notes", BindingTests.Json("{\"text\":null}"))).Content.ReadAsStringAsync();

        Assert.Equal("none", text);
    }

    public sealed record TodoIn(string Title);

    public sealed record NoteIn(string? Text);

    public sealed class Drawing
    {
        public Shape? Shape { get; set; }
    }

    public abstract class Shape
    {
        public int Sides { get; set; }
    }

    public sealed class TypeHolder
    {
        [JsonPropertyName("kind")]
        public Type? Kind { get; set; }
    }
}
