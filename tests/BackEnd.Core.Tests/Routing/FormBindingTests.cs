using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text;
using System.Text.Json;
using BackEnd.Core.Tests.Testing;
using BackEnd.Pipeline;
using BackEnd.Routing;

namespace BackEnd.Core.Tests.Routing;

public sealed class FormBindingTests
{
    [Fact]
    public async Task Bind_FormBody_FillsMembersCaseInsensitivelyWithTypes()
    {
        await using var test = await StartAsync();

        var response = await PostFormAsync(test, "USERNAME=ann+lee&age=42&remember=on&tags=a&tags=b%26c&__csrf=ignored");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ann lee|42|True|a,b&c", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bind_PercentEncodedUtf8_Decodes()
    {
        await using var test = await StartAsync();

        var response = await PostFormAsync(test, "userName=J%C3%BCrgen&age=1");

        Assert.Equal("Jürgen|1|False|", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("userName=a&age=twelve", "age")]
    [InlineData("userName=a&age=1&remember=maybe", "remember")]
    public async Task Bind_WrongType_Returns400NamingTheField(string body, string field)
    {
        await using var test = await StartAsync();

        var response = await PostFormAsync(test, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains($"'{field}'", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bind_MissingRequiredMember_Returns400ValidationErrors()
    {
        await using var test = await StartAsync();

        var response = await PostFormAsync(test, "age=3");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty("UserName", out _) || json.RootElement.GetProperty("errors").TryGetProperty("userName", out _));
    }

    [Fact]
    public async Task Bind_JsonSentToFormParameter_Returns415()
    {
        await using var test = await StartAsync();

        var response = await test.Client.PostAsync("/form", new StringContent("{\"userName\":\"a\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Bind_BodyOverTheLimit_Returns413()
    {
        await using var test = await StartAsync();

        var response = await PostFormAsync(test, "userName=" + new string('a', 2 * 1024 * 1024));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Bind_NoBody_Returns400()
    {
        await using var test = await StartAsync();

        var response = await test.Client.PostAsync("/form", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Bind_InvalidUtf8_Returns400()
    {
        await using var test = await StartAsync();
        var content = new ByteArrayContent([.. "userName="u8, 0xff, 0xfe]);
        content.Headers.ContentType = new("application/x-www-form-urlencoded");

        var response = await test.Client.PostAsync("/form", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static Task<TestAppHandle> StartAsync() => TestApp.StartAsync(app =>
        app.MapPost("/form", ([FromForm] SignUpForm form) => $"{form.UserName}|{form.Age}|{form.Remember}|{string.Join(",", form.Tags ?? [])}"));

    private static Task<HttpResponseMessage> PostFormAsync(TestAppHandle test, string body) =>
        test.Client.PostAsync("/form", new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"));

    public sealed class SignUpForm
    {
        [Required]
        public string? UserName { get; set; }

        public int Age { get; set; }

        public bool Remember { get; set; }

        public List<string>? Tags { get; set; }
    }
}
