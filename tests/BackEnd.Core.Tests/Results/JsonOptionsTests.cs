using System.Net;
using System.Text.Json.Serialization;
using System.Text.Json;
using BackEnd.Http;
using BackEnd.HttpResults;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Testing;
using static BackEnd.Core.Tests.Routing.BindingTests;

namespace BackEnd.Core.Tests.Results;

public sealed class JsonOptionsTests
{
    [Fact]
    public async Task SourceGeneratedContextOnly_BindsAndWritesWithoutReflection()
    {
        await using var host = await BackEndTestHost.StartAsync(b => b
            .ConfigureJson(o => o.SerializerOptions.TypeInfoResolverChain.Clear())
            .AddJsonSerializerContext(TestJsonContext.Default)
            .Configure(app => app.MapPost("/p", (Product product) => product with { Price = product.Price * 2 })));
        using var client = host.CreateClient();

        var response = await client.PostAsync("/p", Json("{\"name\":\"pen\",\"price\":2}"));

        Assert.Equal("{\"name\":\"pen\",\"price\":4}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SourceGeneratedContextOnly_UnknownBodyType_FailsAtStartup()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => BackEndTestHost.StartAsync(b => b
            .ConfigureJson(o => o.SerializerOptions.TypeInfoResolverChain.Clear())
            .AddJsonSerializerContext(TestJsonContext.Default)
            .Configure(app => app.MapPost("/s", (SignUp signUp) => "x"))));

        Assert.Contains("JsonSerializerContext", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourceGeneratedContextOnly_UnknownReturnType_StartsAndReturns500()
    {
        await using var host = await BackEndTestHost.StartAsync(b => b
            .ConfigureJson(o => o.SerializerOptions.TypeInfoResolverChain.Clear())
            .AddJsonSerializerContext(TestJsonContext.Default)
            .Configure(app => app.MapGet("/s", () => new SignUp { UserName = "a", Age = 20 })));
        using var client = host.CreateClient();

        var response = await client.GetAsync("/s");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task SourceGeneratedContextOnly_AsyncKnownReturnType_WritesJson()
    {
        await using var host = await BackEndTestHost.StartAsync(b => b
            .ConfigureJson(o => o.SerializerOptions.TypeInfoResolverChain.Clear())
            .AddJsonSerializerContext(TestJsonContext.Default)
            .Configure(app => app.MapGet("/p", async () =>
            {
                await Task.Yield();
                return new Product("pen", 3);
            })));
        using var client = host.CreateClient();

        var text = await client.GetStringAsync("/p");

        Assert.Equal("{\"name\":\"pen\",\"price\":3}", text);
    }

    [Fact]
    public async Task ConfigureRouteHandlers_SmallerBodyLimit_Returns413()
    {
        await using var host = await BackEndTestHost.StartAsync(b => b
            .ConfigureRouteHandlers(o => o.MaxJsonBodySize = 16)
            .Configure(app => app.MapPost("/p", (Product product) => product)));
        using var client = host.CreateClient();

        var response = await client.PostAsync("/p", Json("{\"name\":\"a long pen name\",\"price\":2}"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Product))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
