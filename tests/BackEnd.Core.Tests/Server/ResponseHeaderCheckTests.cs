using BackEnd.Http;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Core.Tests.Server;

/// <summary>
/// Response header fields are checked once, when set, and the head is written without a second check: what was
/// accepted is what goes on the wire, even if the caller changes its array of values afterwards.
/// </summary>
public sealed class ResponseHeaderCheckTests
{
    [Fact]
    public async Task ArrayOfValuesChangedAfterSet_WireCarriesTheValuesAsSet_NoInjectedField()
    {
        await using var server = await TestServer.StartAsync(context =>
        {
            var values = new string[2];
            values[0] = "one";
            values[1] = "two";
            context.Response.Headers["X-List"] = new StringValues(values);
            var single = new string[1];
            single[0] = "only";
            context.Response.Headers["X-Single"] = new StringValues(single);

            // Too late: had the stored values been these arrays, a CR LF would have split the head.
            values[1] = "two\r\nInjected: yes";
            single[0] = "changed\r\nAlso-Injected: yes";
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync("ok"u8.ToArray());
        });

        var responses = await server.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        var response = Assert.Single(responses);
        Assert.Equal(200, response.Status);
        Assert.Equal(["one", "two"], response.Headers["X-List"]);
        Assert.Equal("only", response.Header("X-Single"));
        Assert.Null(response.Header("Injected"));
        Assert.Null(response.Header("Also-Injected"));
        Assert.Equal("ok", response.BodyText);
    }

    [Theory]
    [InlineData("X-Bad", "a\r\nInjected: yes")]
    [InlineData("X-Bad", "nul\0")]
    [InlineData("Bad Name", "value")]
    [InlineData("Bad:Name", "value")]
    public async Task InvalidFieldSet_RefusedAtTheSet_ResponseStillWellFormed(string name, string value)
    {
        await using var server = await TestServer.StartAsync(context =>
        {
            string outcome;
            try
            {
                context.Response.Headers[name] = new StringValues(["fine", value]);
                outcome = "accepted";
            }
            catch (ArgumentException ex)
            {
                outcome = "refused " + ex.ParamName;
            }

            return context.Response.WriteAsync(System.Text.Encoding.ASCII.GetBytes(outcome));
        });

        var responses = await server.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        var response = Assert.Single(responses);
        Assert.Equal(200, response.Status);
        Assert.StartsWith("refused ", response.BodyText, StringComparison.Ordinal);
        Assert.Null(response.Header(name));
        Assert.Null(response.Header("Injected"));
    }
}
