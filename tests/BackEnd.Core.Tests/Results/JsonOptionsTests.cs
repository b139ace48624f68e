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
    public async Task AddJsonSerializerContext_ContextWithNamingPolicyAndConverter_BindingAndResultsFollowIt()
    {
        await using var host = await BackEndTestHost.StartAsync(b => b
            .AddJsonSerializerContext(SnakeCaseJsonContext.Default)
            .Configure(app => app.MapPost("/invoices", (Invoice invoice) => invoice with { Total = invoice.Total with { Amount = invoice.Total.Amount * 2 } })));
        using var client = host.CreateClient();

        var response = await client.PostAsync("/invoices", Json("{\"customer_name\":\"Ada\",\"total\":\"12.50 EUR\"}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"customer_name\":\"Ada\",\"total\":\"25.00 EUR\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AddJsonSerializerContext_ConverterRejectsValue_Returns400()
    {
        await using var host = await BackEndTestHost.StartAsync(b => b
            .AddJsonSerializerContext(SnakeCaseJsonContext.Default)
            .Configure(app => app.MapPost("/invoices", (Invoice invoice) => invoice)));
        using var client = host.CreateClient();

        var response = await client.PostAsync("/invoices", Json("{\"customer_name\":\"Ada\",\"total\":\"lots\"}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invoice", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddJsonSerializerContext_ThenConfigureJson_LaterConfigurationWins()
    {
        await using var host = await BackEndTestHost.StartAsync(b => b
            .AddJsonSerializerContext(SnakeCaseJsonContext.Default)
            .ConfigureJson(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower)
            .Configure(app => app.MapGet("/invoice", () => new Invoice("Ada", new Money(3m, "EUR")))));
        using var client = host.CreateClient();

        var text = await client.GetStringAsync("/invoice");

        Assert.Equal("{\"customer-name\":\"Ada\",\"total\":\"3 EUR\"}", text);
    }

    [Fact]
    public async Task AddJsonSerializerContext_WebDefaultsContext_KeepsBackEndsStrictNullHandling()
    {
        // A context that sets nothing special leaves BackEnd's defaults: a null for a non-nullable member is refused.
        await using var host = await BackEndTestHost.StartAsync(b => b
            .AddJsonSerializerContext(TestJsonContext.Default)
            .Configure(app => app.MapPost("/p", (Product product) => product)));
        using var client = host.CreateClient();

        var response = await client.PostAsync("/p", Json("{\"name\":null,\"price\":2}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Response_NullInNonNullableMember_IsWrittenAsTheTypeSays()
    {
        // Responses keep the context's fast path, which writes what the object holds; only request bodies are held to
        // the annotations (AddJsonSerializerContext_WebDefaultsContext_KeepsBackEndsStrictNullHandling). Results.Json goes through the same options as a returned value.
        await using var host = await BackEndTestHost.StartAsync(b => b
            .AddJsonSerializerContext(TestJsonContext.Default)
            .Configure(app =>
            {
                app.MapGet("/returned", () => new Product(null!, 2));
                app.MapGet("/result", () => BackEnd.Http.Results.Json(new Product(null!, 3)));
            }));
        using var client = host.CreateClient();

        var returned = await client.GetAsync("/returned");
        var result = await client.GetAsync("/result");

        Assert.Equal("{\"name\":null,\"price\":2}", await returned.Content.ReadAsStringAsync());
        Assert.Equal("{\"name\":null,\"price\":3}", await result.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Response_ContextAskingForNullableAnnotations_RefusesNullInNonNullableMember()
    {
        // A context generated with RespectNullableAnnotations = true keeps the check on output too (and its fast path).
        await using var host = await BackEndTestHost.StartAsync(b => b
            .AddJsonSerializerContext(StrictJsonContext.Default)
            .Configure(app =>
            {
                app.MapGet("/null", () => new Product(null!, 2));
                app.MapGet("/named", () => new Product("pen", 2));
            }));
        using var client = host.CreateClient();

        var refused = await client.GetAsync("/null");
        var named = await client.GetAsync("/named");

        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        Assert.DoesNotContain("\"name\":null", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("{\"name\":\"pen\",\"price\":2}", await named.Content.ReadAsStringAsync());
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

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(Product))]
internal sealed partial class StrictJsonContext : JsonSerializerContext;

/// <summary>An amount with its currency, written as one string (<c>"12.50 EUR"</c>) by <see cref="MoneyConverter"/>.</summary>
public readonly record struct Money(decimal Amount, string Currency);

public sealed record Invoice(string CustomerName, Money Total);

internal sealed class MoneyConverter : JsonConverter<Money>
{
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var parts = (reader.GetString() ?? string.Empty).Split(' ');
        if (parts.Length != 2 || !decimal.TryParse(parts[0], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var amount))
        {
            throw new JsonException("Money is \"<amount> <currency>\".");
        }

        return new Money(amount, parts[1]);
    }

    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + value.Currency);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(MoneyConverter)])]
[JsonSerializable(typeof(Invoice))]
internal sealed partial class SnakeCaseJsonContext : JsonSerializerContext;
