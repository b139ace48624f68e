using System.Text;
using System.Text.RegularExpressions;

namespace BackEnd.Core.Tests.Server;

/// <summary>Pipelined input split at every byte boundary and spread over many segments, through the in-memory entry point.</summary>
public sealed partial class InMemoryParsingTests
{
    private const string Pipeline =
        "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" +
        "GET /b?q=1 HTTP/1.1\r\nHost: x\r\nX-Long: " + "0123456789abcdef" + "\r\n\r\n" +
        "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: t\r\n\r\n" +
        "HEAD /d HTTP/1.1\r\nHost: x\r\n\r\n" +
        "GET /e HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

    private static readonly byte[] s_pipeline = Encoding.ASCII.GetBytes(Pipeline);

    [Fact]
    public async Task Pipeline_WholeInput_FiveResponsesInOrder()
    {
        var services = InMemoryConnection.CreateServices(TestApps.ReadBody);
        var connection = new InMemoryConnection(services);

        await connection.WriteAsync(s_pipeline);
        var output = Normalize(await connection.FinishAsync());

        Assert.Equal(5, CountOccurrences(output, "HTTP/1.1 200 OK"));
        Assert.Contains("POST /a 5:hello", output, StringComparison.Ordinal);
        Assert.Contains("GET /b 0:", output, StringComparison.Ordinal);
        Assert.Contains("POST /c 5:abcde", output, StringComparison.Ordinal);
        Assert.DoesNotContain("HEAD /d", output, StringComparison.Ordinal);
        Assert.EndsWith("GET /e 0:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_SplitAtEveryByteBoundary_SameOutput()
    {
        var services = InMemoryConnection.CreateServices(TestApps.ReadBody);
        var baseline = await RunAsync(services, [s_pipeline]);

        for (var split = 1; split < s_pipeline.Length; split++)
        {
            var output = await RunAsync(services, [s_pipeline[..split], s_pipeline[split..]]);

            Assert.True(baseline == output, $"Output differs when split at byte {split}.");
        }
    }

    [Fact]
    public async Task Pipeline_OneByteSegments_SameOutput()
    {
        var services = InMemoryConnection.CreateServices(TestApps.ReadBody);
        var baseline = await RunAsync(services, [s_pipeline]);
        var connection = new InMemoryConnection(services, minimumSegmentSize: 1);

        foreach (var b in s_pipeline)
        {
            connection.Append([b]);
        }

        await connection.FlushAsync();
        var output = Normalize(await connection.FinishAsync());

        Assert.Equal(baseline, output);
    }

    [Fact]
    public async Task Pipeline_SmallSegmentsFlushedOften_SameOutput()
    {
        var services = InMemoryConnection.CreateServices(TestApps.ReadBody);
        var baseline = await RunAsync(services, [s_pipeline]);
        var connection = new InMemoryConnection(services, minimumSegmentSize: 1);

        for (var i = 0; i < s_pipeline.Length; i += 7)
        {
            connection.Append(s_pipeline.AsSpan(i, Math.Min(7, s_pipeline.Length - i)));
            if (i % 21 == 0)
            {
                await connection.FlushAsync();
            }
        }

        await connection.FlushAsync();
        var output = Normalize(await connection.FinishAsync());

        Assert.Equal(baseline, output);
    }

    [Fact]
    public async Task Pipeline_BadRequestInTheMiddle_EarlierAnsweredLaterIgnored()
    {
        var services = InMemoryConnection.CreateServices(TestApps.ReadBody);
        var connection = new InMemoryConnection(services);

        await connection.WriteAsync(Encoding.ASCII.GetBytes("GET /ok HTTP/1.1\r\nHost: x\r\n\r\nGET /bad HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\nGET /never HTTP/1.1\r\nHost: x\r\n\r\n"));
        var output = Normalize(await connection.FinishAsync());

        Assert.Contains("GET /ok 0:", output, StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 400 Bad Request", output, StringComparison.Ordinal);
        Assert.DoesNotContain("/never", output, StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(BackEnd.Server.Internal.ServerServices services, byte[][] parts)
    {
        var connection = new InMemoryConnection(services);
        foreach (var part in parts)
        {
            await connection.WriteAsync(part);
            await Task.Yield();
        }

        return Normalize(await connection.FinishAsync());
    }

    private static string Normalize(byte[] output) => DateLine().Replace(Encoding.ASCII.GetString(output), "Date: *\r\n");

    private static int CountOccurrences(string text, string value) => Regex.Count(text, Regex.Escape(value));

    [GeneratedRegex("Date: [^\r]*\r\n")]
    private static partial Regex DateLine();
}
