using System.Net.Sockets;
using System.Text;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Testing;

namespace BackEnd.Core.Tests.Pipeline.ForwardedHeaders;

/// <summary>Forwarded headers sent by a trusted proxy on 127.0.0.1 to the real server.</summary>
public sealed class ForwardedHeadersSocketTests
{
    [Theory]
    [InlineData("X-Forwarded-For: 1.2.3.4:5678", "1.2.3.4:5678|localhost")]
    [InlineData("X-Forwarded-For: [2001:db8::7]:443", "2001:db8::7:443|localhost")]
    [InlineData("X-Forwarded-For: 2130706433", "127.0.0.1:peer|localhost")]
    [InlineData("X-Forwarded-For: 0x7f.1", "127.0.0.1:peer|localhost")]
    [InlineData("X-Forwarded-For: fe80::1%eth0", "127.0.0.1:peer|localhost")]
    [InlineData("X-Forwarded-Host: [::1]:80", "127.0.0.1:peer|[::1]:80")]
    [InlineData("X-Forwarded-Host: shop.example.com:8443", "127.0.0.1:peer|shop.example.com:8443")]
    [InlineData("X-Forwarded-Host: evil.com:\"><script>", "127.0.0.1:peer|localhost")]
    public async Task Get_ForwardedValues_OnlyCanonicalValuesApplied(string header, string expected)
    {
        await using var host = await BackEndTestHost.StartServerAsync(b => b
            .AddForwardedHeaders(_ => { })
            .Configure(app =>
            {
                app.UseForwardedHeaders();
                app.MapGet("/who", (HttpContext c) => $"{c.Connection.RemoteIpAddress}:{c.Connection.RemotePort}|{c.Request.Host}");
            }));
        using var client = new TcpClient();
        await client.ConnectAsync(host.ServerAddress!.Host, host.ServerAddress.Port);
        var peerPort = ((System.Net.IPEndPoint)client.Client.LocalEndPoint!).Port;
        var stream = client.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /who HTTP/1.1\r\nHost: localhost\r\n{header}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Equal(expected.Replace("peer", peerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), body);
    }
}
