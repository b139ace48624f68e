using System.Buffers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using BackEnd.Pipeline;
using BackEnd.Realtime;
using BackEnd.Realtime.Internal;
using BackEnd.Routing;
using BackEnd.Testing;

namespace BackEnd.Core.Tests.Realtime;

/// <summary>Server-sent events over the real server: framing, heartbeats, Last-Event-ID, and ends on client leave and host stop.</summary>
public sealed class ServerSentEventsResultTests
{
    [Fact]
    public void Format_AllFields_EventStreamFraming()
    {
        var writer = new ArrayBufferWriter<byte>();

        ServerSentEventsResult.Format(new SseItem<string>("one\r\ntwo\nthree\rfour", "update") { EventId = "7", ReconnectionInterval = TimeSpan.FromSeconds(3) }, writer);

        Assert.Equal("event: update\ndata: one\ndata: two\ndata: three\ndata: four\nid: 7\nretry: 3000\n\n", Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void Format_DefaultTypeAndEmptyData_OnlyDataLine()
    {
        var writer = new ArrayBufferWriter<byte>();

        ServerSentEventsResult.Format(new SseItem<string>(string.Empty), writer);

        Assert.Equal("data: \n\n", Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    [Fact]
    public async Task Stream_Events_FlushedAsTheyComeWithHeaders()
    {
        var release = new TaskCompletionSource();
        await using var host = await BackEndTestHost.StartServerAsync(b => b.Configure(app =>
            app.MapGet("/sse", () => RealtimeResults.ServerSentEvents((_, ct) => TwoThenWaitAsync(release.Task, ct)))));
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/sse", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await ReadEventAsync(reader);
        var second = await ReadEventAsync(reader);
        release.SetResult();
        var rest = await reader.ReadToEndAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        Assert.Equal("data: first\nid: 1\n", first);
        Assert.Equal("event: custom\ndata: second\nid: 2\n", second);
        Assert.Equal("data: last\n\n", rest);
    }

    [Fact]
    public async Task Stream_LastEventId_HandedToSource()
    {
        await using var host = await BackEndTestHost.StartServerAsync(b => b.Configure(app =>
            app.MapGet("/sse", () => RealtimeResults.ServerSentEvents((last, ct) => EchoLastAsync(last)))));
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sse");
        request.Headers.Add("Last-Event-ID", "41");

        var text = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        var none = await client.GetStringAsync("/sse");

        Assert.Equal("data: resume after 41\n\n", text);
        Assert.Equal("data: resume after (none)\n\n", none);
    }

    [Fact]
    public async Task Stream_Idle_SendsCommentHeartbeats()
    {
        await using var host = await BackEndTestHost.StartServerAsync(b => b.Configure(app =>
            app.MapGet("/sse", () => RealtimeResults.ServerSentEvents((_, ct) => NeverAsync(ct), new ServerSentEventsOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(50) }))));
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/sse", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(": keep-alive", line);
    }

    [Fact]
    public async Task Stream_ClientLeaves_SourceCancelled()
    {
        var cancelled = new TaskCompletionSource();
        await using var host = await BackEndTestHost.StartServerAsync(b => b.Configure(app =>
            app.MapGet("/sse", () => RealtimeResults.ServerSentEvents((_, ct) => OneThenWaitAsync(cancelled, ct), new ServerSentEventsOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(20) }))));

        // A client that closes gracefully is noticed when a write fails: the heartbeat makes sure one comes.
        using (var client = host.CreateClient())
        {
            using var response = await client.GetAsync("/sse", HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.Equal("data: hello", await reader.ReadLineAsync());
        }

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(cancelled.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Stream_HostStops_StreamEndsCleanlyWithoutWaitingForSource()
    {
        var cancelled = new TaskCompletionSource();
        var host = await BackEndTestHost.StartServerAsync(b => b.Configure(app =>
            app.MapGet("/sse", () => RealtimeResults.ServerSentEvents((_, ct) => OneThenWaitAsync(cancelled, ct)))));
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/sse", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("data: hello", await reader.ReadLineAsync());

        var stop = host.DisposeAsync().AsTask();
        var rest = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await stop.WaitAsync(TimeSpan.FromSeconds(30));

        // ReadToEnd succeeds only on the terminating chunk: a cut connection would throw instead.
        Assert.Equal("\n", rest);
        Assert.True(cancelled.Task.IsCompleted);
    }

    [Fact]
    public async Task Stream_EventOfSeveralFields_SentAsOneChunk()
    {
        var release = new TaskCompletionSource();
        await using var host = await BackEndTestHost.StartServerAsync(b => b.Configure(app =>
            app.MapGet("/sse", () => RealtimeResults.ServerSentEvents((_, ct) => TwoThenWaitAsync(release.Task, ct)))));
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync(host.ServerAddress!.Host, host.ServerAddress.Port);
        await using var stream = new System.Net.Sockets.NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /sse HTTP/1.1\r\nHost: localhost\r\n\r\n"));

        var head = await ReadLineAsync(stream);
        while (await ReadLineAsync(stream) is { Length: > 0 } header)
        {
            head += "\n" + header;
        }

        var firstChunk = await ReadChunkAsync(stream);
        release.SetResult();

        Assert.StartsWith("HTTP/1.1 200", head);
        Assert.Contains("transfer-encoding: chunked", head, StringComparison.OrdinalIgnoreCase);
        // Each field used to be a chunk of its own ("data: ", "first\n", "id: ", ...): a proxy or client saw partial events.
        Assert.StartsWith("data: first\nid: 1\n\n", firstChunk);
    }

    private static async Task<string> ReadChunkAsync(Stream stream)
    {
        var size = Convert.ToInt32((await ReadLineAsync(stream)).Split(';')[0], 16);
        var data = new byte[size + 2];
        await stream.ReadExactlyAsync(data);
        Assert.Equal("\r\n", Encoding.ASCII.GetString(data, size, 2));
        return Encoding.UTF8.GetString(data, 0, size);
    }

    private static async Task<string> ReadLineAsync(Stream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        for (var read = 0; read < 8192; read++)
        {
            await stream.ReadExactlyAsync(one);
            if (one[0] == (byte)'\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }

        throw new InvalidOperationException("No line end within 8 KiB.");
    }

    private static async Task<string> ReadEventAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line && line.Length > 0)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    private static async IAsyncEnumerable<SseItem<string>> TwoThenWaitAsync(Task release, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new SseItem<string>("first") { EventId = "1" };
        yield return new SseItem<string>("second", "custom") { EventId = "2" };
        await release.WaitAsync(cancellationToken);
        yield return new SseItem<string>("last");
    }

    private static async IAsyncEnumerable<SseItem<string>> EchoLastAsync(string? lastEventId)
    {
        await Task.Yield();
        yield return new SseItem<string>("resume after " + (lastEventId ?? "(none)"));
    }

    private static async IAsyncEnumerable<SseItem<string>> NeverAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }

    private static async IAsyncEnumerable<SseItem<string>> OneThenWaitAsync(TaskCompletionSource cancelled, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => cancelled.TrySetResult());
        yield return new SseItem<string>("hello");
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
