using System.Net.Sockets;
using System.Text;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Testing;

namespace BackEnd.Core.Tests.Routing;

/// <summary>Encoded slashes and dot segments sent as raw bytes to the real server, so no client normalises them first.</summary>
public sealed class RouteValueSocketTests
{
    [Theory]
    [InlineData("/files/..%2F..%2Fetc%2Fpasswd", "name:..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/files/..%252F..%252Fsecret", "name:..%2F..%2Fsecret")]
    [InlineData("/files/a%2fb", "name:a%2fb")]
    [InlineData("/files/%2E%2E%2Fx", "name:..%2Fx")]
    [InlineData("/all/a/b/%2E%2E/secret", "all:a/secret")]
    [InlineData("/all/a%2F..%2F..%2Fsecret", "all:a%2F..%2F..%2Fsecret")]
    [InlineData("/all/a/b%20c.txt", "all:a/b c.txt")]
    [InlineData("/re/a%2Fb", "re:a%2Fb")]
    public async Task Get_EncodedSlashesAndDots_ValueHasNoSlashOrTraversal(string target, string expected)
    {
        await using var host = await StartAsync();

        var (status, body) = await SendAsync(host, target);

        Assert.Equal(200, status);
        Assert.Equal(expected, body);
    }

    [Theory]
    [InlineData("/re/a.b")]
    [InlineData("/re/a%2Eb")]
    public async Task Get_RegexConstraintOnDecodedValue_RefusesDot(string target)
    {
        await using var host = await StartAsync();

        var (status, _) = await SendAsync(host, target);

        Assert.Equal(404, status);
    }

    [Theory]
    [InlineData("/all/a/%2E%2E/%2E%2E/secret")]
    [InlineData("/all/%2e%2e/secret")]
    public async Task Get_EncodedDotSegmentsClimbingOutOfCatchAll_NotFound(string target)
    {
        await using var host = await StartAsync();

        var (status, body) = await SendAsync(host, target);

        Assert.Equal(404, status);
        Assert.DoesNotContain("all:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ParameterInsideSegment_BindsBothValues()
    {
        await using var host = await StartAsync();

        var (status, body) = await SendAsync(host, "/v3/docs/guide.pdf");

        Assert.Equal(200, status);
        Assert.Equal("3:guide:pdf", body);
    }

    private static Task<BackEndTestHost> StartAsync() => BackEndTestHost.StartServerAsync(b => b.Configure(app =>
    {
        app.MapGet("/files/{name}", (string name) => "name:" + name);
        app.MapGet("/all/{*path}", (string path) => "all:" + path);
        app.MapGet("/re/{name:regex(^[^/.]+$)}", (string name) => "re:" + name);
        app.MapGet("/v{version:int}/docs/{name}.{ext}", (int version, string name, string ext) => $"{version}:{name}:{ext}");
    }));

    private static async Task<(int Status, string Body)> SendAsync(BackEndTestHost host, string target)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host.ServerAddress!.Host, host.ServerAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        var bodyStart = response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        return (status, response[bodyStart..]);
    }
}
