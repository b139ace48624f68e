using System.Net;
using System.Net.Sockets;
using BackEnd.Server.Internal;

namespace BackEnd.Core.Tests.Server;

/// <summary>
/// The plain-socket stream skips the zero-byte wait only after a streak of closely spaced reads, and waits without a
/// buffer again after a long gap; a busy connection still times out and still sees every byte.
/// </summary>
public sealed class BusySocketStreamTests
{
    // Long enough that a descheduled test thread cannot end a streak; the gap test waits twice its gap, which only a
    // slower machine can lengthen, never shorten.
    private const long NoGap = 600_000;
    private const long ShortGap = 1_000;

    [Fact]
    public async Task ZeroByteRead_AfterStreakOfCloseReads_CompletesAtOnceWithoutConsuming()
    {
        var (client, server) = await ConnectPairAsync();
        using var clientSocket = client;
        using var serverSocket = server;
        await using var stream = new BusySocketStream(server, NoGap);

        await ReachStreakAsync(client, server, stream);

        // Nothing is buffered now, yet the wait is skipped: the following real read is what waits.
        var zero = stream.ReadAsync(Memory<byte>.Empty);

        Assert.True(stream.SkipsZeroByteReads);
        Assert.True(zero.IsCompleted);
        Assert.Equal(0, await zero);
        Assert.Equal(0, server.Available);
    }

    [Fact]
    public async Task LongGapBeforeNextRead_EndsStreak_ZeroByteReadWaitsForDataAgain()
    {
        var (client, server) = await ConnectPairAsync();
        using var clientSocket = client;
        using var serverSocket = server;
        await using var stream = new BusySocketStream(server, ShortGap);
        await ReachStreakAsync(client, server, stream);
        var buffer = new byte[1];

        // The client goes quiet: the skipped wait leaves a real read pending, which still gets what comes later.
        Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty));
        var pending = stream.ReadAsync(buffer);
        Assert.False(pending.IsCompleted);
        await Task.Delay(TimeSpan.FromMilliseconds(ShortGap * 2));
        client.Send("ab"u8.ToArray());
        Assert.Equal(1, await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal((byte)'a', buffer[0]);
        Assert.Equal(1, await stream.ReadAsync(buffer));
        Assert.Equal((byte)'b', buffer[0]);

        var zero = stream.ReadAsync(Memory<byte>.Empty);

        Assert.False(stream.SkipsZeroByteReads);
        Assert.False(zero.IsCompleted);
        client.Send("c"u8.ToArray());
        Assert.Equal(0, await zero.AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(1, await stream.ReadAsync(buffer));
        Assert.Equal((byte)'c', buffer[0]);
    }

    [Fact]
    public async Task FewReads_StayBelowStreak_ZeroByteReadStillWaits()
    {
        var (client, server) = await ConnectPairAsync();
        using var clientSocket = client;
        using var serverSocket = server;
        await using var stream = new BusySocketStream(server, NoGap);
        client.Send(new byte[3]);
        await WaitAvailableAsync(server, 3);
        var buffer = new byte[1];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1, await stream.ReadAsync(buffer));
        }

        var zero = stream.ReadAsync(Memory<byte>.Empty);

        Assert.False(zero.IsCompleted);
        client.Shutdown(SocketShutdown.Send);
        Assert.Equal(0, await zero.AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(0, await stream.ReadAsync(buffer));
    }

    [Fact]
    public async Task BusyConnection_LargeBodyThenRequests_AllAnsweredAndKeepAliveTimeoutStillCloses()
    {
        await using var server = await TestServer.StartAsync(TestApps.ReadBody, o => o.KeepAliveTimeout = TimeSpan.FromSeconds(1));
        await using var client = await server.ConnectAsync();

        // Sent at once, the body is read in many chunks that find data waiting: the connection reaches the streak, so
        // its next wait is a real read, which the keep-alive timeout must still cut off.
        var body = new string('b', 200_000);
        await client.SendAsync("POST /big HTTP/1.1\r\nHost: a\r\nContent-Length: 200000\r\n\r\n" + body);
        var first = await client.ReadResponseAsync();
        Assert.Equal("POST /big 200000:" + body, first!.BodyText);

        for (var i = 0; i < 4; i++)
        {
            await client.SendAsync("POST /s" + i + " HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok");
            var response = await client.ReadResponseAsync();
            Assert.Equal("POST /s" + i + " 2:ok", response!.BodyText);
        }

        await client.SendAsync("POST /last HTTP/1.1\r\nHost: a\r\nContent-Length: 200000\r\n\r\n" + body);
        Assert.Equal(200, (await client.ReadResponseAsync())!.Status);

        Assert.True(await client.IsClosedAsync());
    }

    private static async Task ReachStreakAsync(Socket client, Socket server, BusySocketStream stream)
    {
        // The first read has no predecessor to be close to; the streak counts the ones after it.
        var count = BusySocketStream.BusyStreak + 1;
        client.Send(new byte[count]);
        await WaitAvailableAsync(server, count);
        var buffer = new byte[1];
        for (var i = 0; i < count; i++)
        {
            var read = stream.ReadAsync(buffer);
            Assert.True(read.IsCompleted);
            Assert.Equal(1, await read);
        }
    }

    private static async Task<(Socket Client, Socket Server)> ConnectPairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        var server = await listener.AcceptAsync();
        return (client, server);
    }

    private static async Task WaitAvailableAsync(Socket socket, int bytes)
    {
        for (var i = 0; i < 2000 && socket.Available < bytes; i++)
        {
            await Task.Delay(10);
        }

        Assert.True(socket.Available >= bytes);
    }
}
