using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BackEnd.Core.Tests.Testing;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Core.Tests.Routing;

public sealed class BindingTests
{
    [Fact]
    public async Task Bind_RouteValue_ParsesInvariant()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/users/{id:int}", (int id) => $"user {id}"));

        var text = await test.Client.GetStringAsync("/users/42");

        Assert.Equal("user 42", text);
    }

    [Fact]
    public async Task Bind_RouteValueNotParsable_Returns400NamingParameter()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/items/{id}", (int id) => id));

        var response = await test.Client.GetAsync("/items/abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await ReadProblem(response);
        Assert.Contains("'id'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("integer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bind_QueryValues_ParseSimpleTypesWithInvariantCulture()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/q", (decimal price, bool flag, Guid id, DayOfWeek day) =>
            FormattableString.Invariant($"{price}|{flag}|{id}|{day}")));

        var text = await test.Client.GetStringAsync("/q?price=1.5&flag=true&id=6f9619ff-8b86-d011-b42d-00cf4fc964ff&day=monday");

        Assert.Equal("1.5|True|6f9619ff-8b86-d011-b42d-00cf4fc964ff|Monday", text);
    }

    [Fact]
    public async Task Bind_MissingRequiredQuery_Returns400()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/q", (int page) => page));

        var response = await test.Client.GetAsync("/q");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ReadProblem(response);
        Assert.Contains("required parameter 'page'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bind_NullableAndDefaultQuery_AreOptional()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/q", (int? size, string? name, int page = 3) => $"{size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}|{name ?? "anon"}|{page}"));

        var text = await test.Client.GetStringAsync("/q");

        Assert.Equal("none|anon|3", text);
    }

    [Fact]
    public async Task Bind_RepeatedQueryKey_BindsArray()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/q", (int[] tag) => tag.Sum()));

        var text = await test.Client.GetStringAsync("/q?tag=1&tag=2&tag=3");

        Assert.Equal("6", text);
    }

    [Fact]
    public async Task Bind_ArrayWithBadElement_Returns400()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/q", (int[] tag) => tag.Length));

        var response = await test.Client.GetAsync("/q?tag=1&tag=x");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Bind_Header_ReadsNamedHeader()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/h", ([FromHeader(Name = "X-Tenant")] string tenant) => tenant));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/h");
        request.Headers.Add("X-Tenant", "acme");

        var response = await test.Client.SendAsync(request);

        Assert.Equal("acme", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bind_JsonBody_DeserializesCamelCase()
    {
        await using var test = await TestApp.StartAsync(app => app.MapPost("/p", (Product product) => product with { Name = product.Name + "!" }));

        var response = await test.Client.PostAsync("/p", Json("{\"name\":\"pen\",\"price\":2}"));

        Assert.Equal("{\"name\":\"pen!\",\"price\":2}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bind_MalformedJson_Returns400WithPosition()
    {
        await using var test = await TestApp.StartAsync(app => app.MapPost("/p", (Product product) => product));

        var response = await test.Client.PostAsync("/p", Json("{\"name\": \"pen\",\n \"price\": }"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await ReadProblem(response)).GetProperty("detail").GetString();
        Assert.Contains("line 2", detail, StringComparison.Ordinal);
        Assert.Contains("'product'", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"name\":\"pen\",\"price\":2} garbage", false)]
    [InlineData("{\"name\":\"pen\",\"price\":2}{\"name\":\"ink\",\"price\":3}", false)]
    [InlineData("{\"name\":\"pen\",\"price\":2}\n{\"name\":\"ink\",\"price\":3}", true)]
    [InlineData("{\"name\":\"pen\",\"price\":2} garbage", true)]
    public async Task Bind_JsonWithTrailingData_Returns400WithPosition(string body, bool realServer)
    {
        await using var host = realServer
            ? await BackEndTestHost.StartServerAsync(b => b.Configure(app => app.MapPost("/p", (Product product) => product)))
            : await BackEndTestHost.StartAsync(b => b.Configure(app => app.MapPost("/p", (Product product) => product)));
        using var client = host.CreateClient();

        var response = await client.PostAsync("/p", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await ReadProblem(response)).GetProperty("detail").GetString();
        Assert.Contains("malformed", detail, StringComparison.Ordinal);
        Assert.Contains("position", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Bind_JsonFollowedByWhitespace_Deserializes(bool realServer)
    {
        await using var host = realServer
            ? await BackEndTestHost.StartServerAsync(b => b.Configure(app => app.MapPost("/p", (Product product) => product.Name)))
            : await BackEndTestHost.StartAsync(b => b.Configure(app => app.MapPost("/p", (Product product) => product.Name)));
        using var client = host.CreateClient();

        var response = await client.PostAsync("/p", Json(" {\"name\":\"pen\",\"price\":2} \r\n\t "));

        Assert.Equal("pen", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bind_JsonWrongType_Returns400()
    {
        await using var test = await TestApp.StartAsync(app => app.MapPost("/p", (Product product) => product));

        var response = await test.Client.PostAsync("/p", Json("{\"name\":\"pen\",\"price\":\"cheap\"}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$.price", (await ReadProblem(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bind_BodyWithWrongContentType_Returns415()
    {
        await using var test = await TestApp.StartAsync(app => app.MapPost("/p", (Product product) => product));

        var response = await test.Client.PostAsync("/p", new StringContent("name=pen", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Bind_HugeBody_Returns413()
    {
        await using var test = await TestApp.StartAsync(app => app.MapPost("/p", (Product product) => product));
        var huge = "{\"name\":\"" + new string('x', (int)RouteHandlerDefaults.MaxJsonBodySize) + "\"}";

        var response = await test.Client.PostAsync("/p", Json(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Bind_PositionalRecordWithParameterAttributes_Returns400WithErrorsInJsonCasing()
    {
        await using var test = await TestApp.StartAsync(app => app.MapPost("/r", (Review review) => "ok"));

        var response = await test.Client.PostAsync("/r", Json("{\"title\":\"\",\"stars\":9,\"reviewerEmail\":\"not-an-email\"}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ReadProblem(response)).GetProperty("errors");
        Assert.Equal(["title", "stars", "reviewerEmail"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Contains("Title", errors.GetProperty("title")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bind_PositionalRecordValid_RunsHandler()
    {
        await using var test = await TestApp.StartAsync(app => app.MapPost("/r", (Review review) => review.Title));

        var response = await test.Client.PostAsync("/r", Json("{\"title\":\"Good\",\"stars\":5,\"reviewerEmail\":\"a@b.example\"}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Good", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bind_MissingRequiredBody_Returns400()
    {
        await using var test = await TestApp.StartAsync(app => app.MapPost("/p", (Product product) => product));

        var response = await test.Client.PostAsync("/p", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Bind_InvalidBody_Returns400WithErrorsInJsonCasing()
    {
        await using var test = await TestApp.StartAsync(app => app.MapPost("/s", (SignUp signUp) => "ok"));

        var response = await test.Client.PostAsync("/s", Json("{\"userName\":\"\",\"age\":3}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ReadProblem(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("userName", out _));
        Assert.True(errors.TryGetProperty("age", out _));
    }

    [Fact]
    public async Task Bind_ValidatableObjectRule_ReportsCustomError()
    {
        await using var test = await TestApp.StartAsync(app => app.MapPost("/s", (SignUp signUp) => "ok"));

        var response = await test.Client.PostAsync("/s", Json("{\"userName\":\"admin\",\"age\":30}"));

        var errors = (await ReadProblem(response)).GetProperty("errors");
        Assert.Equal("The name 'admin' is reserved.", errors.GetProperty("userName")[0].GetString());
    }

    [Fact]
    public async Task Bind_ServiceAndContext_Injected()
    {
        await using var test = await TestApp.StartAsync(
            app => app.MapGet("/s", (Greeter greeter, HttpContext context, HttpRequest request, CancellationToken token) =>
                greeter.Greet(request.Path) + (token.CanBeCanceled ? "+token" : "") + (context is not null ? "+context" : "")),
            services: s => s.AddScoped<Greeter>());

        var text = await test.Client.GetStringAsync("/s");

        Assert.Equal("hello /s+token+context", text);
    }

    [Fact]
    public async Task Bind_MissingRequiredHeader_Returns400NamingHeader()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/h", ([FromHeader(Name = "X-Tenant")] string tenant) => tenant));

        var response = await test.Client.GetAsync("/h");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("X-Tenant", (await ReadProblem(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bind_UnregisteredService_FailsAtStartNamingParameterAndFix()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestApp.StartAsync(app => app.MapGet("/s", ([FromServices] Greeter greeter) => "x")));

        Assert.Contains("'greeter'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("register it", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bind_UnregisteredRepository_FailsAtStartSuggestingStorage()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestApp.StartAsync(app => app.MapGet("/s/{id}", (long id, BackEnd.Storage.IRepository<Product, long> products) => "x")));

        Assert.Contains("'products'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("AddSqlStorage", exception.Message, StringComparison.Ordinal);
        Assert.Contains("AddInMemoryStorage", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bind_OptionalService_NullWhenUnregistered()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/s", ([FromServices] Greeter? greeter) => greeter is null ? "none" : "some"));

        var text = await test.Client.GetStringAsync("/s");

        Assert.Equal("none", text);
    }

    [Fact]
    public async Task Bind_OptionalBodyAbsent_BindsNull()
    {
        await using var test = await TestApp.StartAsync(app => app.MapPost("/p", (Product? product) => product is null ? "none" : product.Name));

        var response = await test.Client.PostAsync("/p", null);

        Assert.Equal("none", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bind_ChunkedJsonBody_Deserializes()
    {
        await using var test = await TestApp.StartAsync(app => app.MapPost("/p", (Product product) => product.Name));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/p") { Content = Json("{\"name\":\"pen\",\"price\":1}") };
        request.Headers.TransferEncodingChunked = true;

        var response = await test.Client.SendAsync(request);

        Assert.Equal("pen", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bind_TwoBodyParameters_FailsAtStartup()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestApp.StartAsync(app => app.MapPost("/p", (Product a, Product b) => "x")));

        Assert.Contains("more than one body parameter", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bind_FromRouteNameNotInTemplate_FailsAtStartup()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestApp.StartAsync(app => app.MapGet("/p", ([FromRoute] int id) => id)));

        Assert.Contains("'id'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bind_AsyncHandlerReturningObject_WritesJson()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/p/{id:int}", async (int id) =>
        {
            await Task.Yield();
            return new Product("p" + id, id);
        }));

        var product = await test.Client.GetFromJsonAsync<Product>("/p/5", JsonSerializerOptions.Web);

        Assert.Equal(new Product("p5", 5), product);
    }

    [Fact]
    public async Task Bind_CatchAllAndEncodedSegment_BindDecodedValuesWithSlashKeptEncoded()
    {
        await using var test = await TestApp.StartAsync(app =>
        {
            app.MapGet("/files/{*path}", (string path) => "all:" + path);
            app.MapGet("/one/{name}", (string name) => "one:" + name);
        });

        var all = await test.Client.GetStringAsync("/files/a/b%20c.txt");
        var one = await test.Client.GetStringAsync("/one/a%2Fb");

        Assert.Equal("all:a/b c.txt", all);
        Assert.Equal("one:a%2Fb", one);
    }

    internal static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    internal static async Task<JsonElement> ReadProblem(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public sealed record Product(string Name, decimal Price);

    public sealed record Review([Required] string Title, [Range(1, 5)] int Stars, [property: EmailAddress] string? ReviewerEmail);

    public sealed class SignUp : IValidatableObject
    {
        [Required]
        public string? UserName { get; set; }

        [Range(18, 130)]
        public int Age { get; set; }

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (UserName == "admin")
            {
                yield return new ValidationResult("The name 'admin' is reserved.", [nameof(UserName)]);
            }
        }
    }

    public sealed class Greeter
    {
#pragma warning disable CA1822 // A service needs an instance.
        public string Greet(string path) => "hello " + path;
#pragma warning restore CA1822
    }
}
