using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text;
using System.Text.Json;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Testing;

namespace BackEnd.Core.Tests.Http;

/// <summary><c>Request.ReadFormAsync</c> over a real socket: read once, cached for later readers and for <c>[FromForm]</c> binding.</summary>
public sealed class FormReadingTests
{
    private const long Limit = 1024;

    [Fact]
    public void Parse_WhatwgUrlEncoded_DecodesAndKeepsRepeatedFieldsInOrder()
    {
        var form = FormCollection.Parse("a=1&&b=x+y%2Bz&A=2&flag&c=%C3%A9t%C3%A9&=empty-name");

        Assert.Equal("1,2", form["a"].ToString());
        Assert.Equal("x y+z", form["b"].ToString());
        Assert.Equal("", form["flag"].ToString());
        Assert.Equal("été", form["c"].ToString());
        Assert.Equal("empty-name", form[""].ToString());
        Assert.Equal(0, form["missing"].Count);
        Assert.Same(FormCollection.Empty, FormCollection.Parse(""));
    }

    [Fact]
    public async Task ReadFormAsync_MiddlewareThenFromForm_BothSeeTheFields()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();

        var response = await client.PostAsync("/bind", Form("userName=ada&age=36&__csrf=t1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("middleware:t1|bound:ada,36", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReadFormAsync_TwiceInAHandler_ReturnsTheSameParsedForm()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();

        var response = await client.PostAsync("/twice", Form("x=1&x=2"));

        Assert.Equal("True|1,2", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReadFormAsync_Chunked_ReadsTheWholeBody()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        var content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("userName=bob&age=7&__csrf=c")));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/bind") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await client.SendAsync(request);

        Assert.Equal("middleware:c|bound:bob,7", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("application/json", "{\"a\":1}", 415)]
    [InlineData("multipart/form-data; boundary=x", "--x--", 415)]
    [InlineData("text/plain", "a=1", 415)]
    [InlineData("application/x-www-form-urlencoded", "a=%FF%FE", 200)] // escapes that are not UTF-8 stay as they are
    public async Task ReadFormAsync_OtherMediaTypes_Throw415AndTheBindingAgrees(string mediaType, string body, int status)
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();

        var read = await client.PostAsync("/read", new StringContent(body, Encoding.UTF8, MediaType(mediaType)) { Headers = { ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType) } });

        Assert.Equal(status, (int)read.StatusCode);
        if (status != 200)
        {
            Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task ReadFormAsync_InvalidUtf8Bytes_Is400InMiddlewareAndInBinding()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        var content = new ByteArrayContent([.. "userName="u8, 0xff, 0xfe]);
        content.Headers.ContentType = new("application/x-www-form-urlencoded");

        var response = await client.PostAsync("/bind", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("middleware:400", response.Headers.GetValues("X-Form").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadFormAsync_OverTheLimit_Is413ForEveryReader(bool chunked)
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        var content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("userName=" + new string('a', (int)Limit))));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/bind") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        if (!chunked)
        {
            content.Headers.ContentLength = Limit + 9;
        }

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("middleware:413", response.Headers.GetValues("X-Form").Single());
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("1024 bytes", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static string MediaType(string value) => value.Split(';')[0];

    private static StringContent Form(string body) => new(body, Encoding.UTF8, "application/x-www-form-urlencoded");

    private static Task<BackEndTestHost> StartAsync() => BackEndTestHost.StartServerAsync(b =>
    {
        b.ConfigureRouteHandlers(o => o.MaxJsonBodySize = Limit);
        b.Configure(app =>
        {
            // Stands in for an anti-forgery check: reads the form before routing, then lets the request through either way.
            app.Use(async (context, next) =>
            {
                if (context.Request.Path == "/bind")
                {
                    try
                    {
                        var form = await context.Request.ReadFormAsync(context.RequestAborted);
                        context.Items["csrf"] = form["__csrf"].ToString();
                        context.Response.Headers["X-Form"] = "middleware:ok";
                    }
                    catch (BadHttpRequestException exception)
                    {
                        context.Response.Headers["X-Form"] = "middleware:" + exception.StatusCode;
                    }
                }

                await next(context);
            });
            app.MapPost("/bind", (HttpContext context, [FromForm] Person person) => $"middleware:{context.Items["csrf"]}|bound:{person.UserName},{person.Age}");
            app.MapPost("/twice", async (HttpContext context) =>
            {
                var first = await context.Request.ReadFormAsync();
                var second = await context.Request.ReadFormAsync();
                return $"{ReferenceEquals(first, second)}|{second["x"]}";
            });
            app.MapPost("/read", async (HttpContext context) => (await context.Request.ReadFormAsync()).Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
    });

    public sealed class Person
    {
        [Required]
        public string? UserName { get; set; }

        public int Age { get; set; }
    }
}
