using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using BackEnd.Server.Internal;

namespace BackEnd.Core.Tests.Server;

/// <summary>
/// The plain-socket pipes, on the runtime's socket engine and on the epoll loop alike: every byte arrives in order across
/// segments, a cancelled read loses nothing, a flush sends all segments and waits for room; on the runtime's engine, the
/// zero-byte wait is skipped only after a streak of closely spaced reads.
/// </summary>
public sealed class SocketDuplexPipeTests
{
    // Long enough that a descheduled test thread cannot end a streak; the gap test waits twice its gap.
    private const long NoGap = 600_000;
    private const long ShortGap = 1_000;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(false)]
    [EpollData]
    public async Task Read_BodyLargerThanSegments_ArrivesWholeAndInOrder(bool epoll)
    {
        using var connection = await Connection.OpenAsync(epoll);
        var (client, pipe) = (connection.Client, connection.Pipe);
        var sent = Enumerable.Range(0, 50_000).Select(i => (byte)(i * 7)).ToArray();
        client.Send(sent);

        ReadResult result;
        while (true)
        {
            result = await pipe.Input.ReadAsync().AsTask().WaitAsync(Wait);
            if (result.Buffer.Length >= sent.Length)
            {
                break;
            }

            // Nothing consumed: the next read must append after what is held, across segment boundaries.
            pipe.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        Assert.False(result.Buffer.IsSingleSegment);
        Assert.Equal(sent, result.Buffer.ToArray());
        pipe.Input.AdvanceTo(result.Buffer.GetPosition(10_000), result.Buffer.End);
        client.Send("!"u8.ToArray());
        result = await pipe.Input.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(sent.Skip(10_000).Append((byte)'!'), result.Buffer.ToArray());
        pipe.Input.Complete();
    }

    [Theory]
    [InlineData(false)]
    [EpollData]
    public async Task Read_PartlyExamined_ReturnsTheRestWithoutWaiting(bool epoll)
    {
        using var connection = await Connection.OpenAsync(epoll);
        var (client, server, pipe) = (connection.Client, connection.Server, connection.Pipe);
        client.Send("abcdef"u8.ToArray());
        await WaitAvailableAsync(server, 6);

        var first = await pipe.Input.ReadAsync();
        pipe.Input.AdvanceTo(first.Buffer.GetPosition(2), first.Buffer.GetPosition(3));

        // Examined only up to "c": the bytes after it are handed back without a receive.
        Assert.True(pipe.Input.TryRead(out var second));
        Assert.Equal("cdef"u8.ToArray(), second.Buffer.ToArray());
        pipe.Input.AdvanceTo(second.Buffer.End);
        Assert.False(pipe.Input.TryRead(out _));
        pipe.Input.Complete();
    }

    [Theory]
    [InlineData(false)]
    [EpollData]
    public async Task CancelPendingRead_WhileWaiting_ReturnsCanceled_AndLaterBytesStillArrive(bool epoll)
    {
        using var connection = await Connection.OpenAsync(epoll);
        var (client, pipe) = (connection.Client, connection.Pipe);

        var pending = pipe.Input.ReadAsync();
        Assert.False(pending.IsCompleted);
        pipe.Input.CancelPendingRead();
        var canceled = await pending.AsTask().WaitAsync(Wait);
        Assert.True(canceled.IsCanceled);
        Assert.True(canceled.Buffer.IsEmpty);
        pipe.Input.AdvanceTo(canceled.Buffer.Start);

        client.Send("hello"u8.ToArray());
        var result = await pipe.Input.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.False(result.IsCanceled);
        Assert.Equal("hello"u8.ToArray(), result.Buffer.ToArray());
        pipe.Input.Complete();
    }

    [Theory]
    [InlineData(false)]
    [EpollData]
    public async Task CancelPendingRead_BeforeRead_NextReadIsCanceledOnce_WithBufferedBytes(bool epoll)
    {
        using var connection = await Connection.OpenAsync(epoll);
        var (client, pipe) = (connection.Client, connection.Pipe);
        client.Send("xy"u8.ToArray());
        var first = await pipe.Input.ReadAsync().AsTask().WaitAsync(Wait);
        pipe.Input.AdvanceTo(first.Buffer.Start, first.Buffer.End);

        pipe.Input.CancelPendingRead();
        var canceled = await pipe.Input.ReadAsync();
        Assert.True(canceled.IsCanceled);
        Assert.Equal("xy"u8.ToArray(), canceled.Buffer.ToArray());
        pipe.Input.AdvanceTo(canceled.Buffer.Start, canceled.Buffer.End);

        var pending = pipe.Input.ReadAsync();
        Assert.False(pending.IsCompleted);
        client.Send("z"u8.ToArray());
        var result = await pending.AsTask().WaitAsync(Wait);
        Assert.False(result.IsCanceled);
        Assert.Equal("xyz"u8.ToArray(), result.Buffer.ToArray());
        pipe.Input.Complete();
    }

    [Theory]
    [InlineData(false)]
    [EpollData]
    public async Task Read_ClientHalfCloses_IsCompletedWithRemainingBytes(bool epoll)
    {
        using var connection = await Connection.OpenAsync(epoll);
        var (client, pipe) = (connection.Client, connection.Pipe);
        client.Send("end"u8.ToArray());
        client.Shutdown(SocketShutdown.Send);

        ReadResult result;
        do
        {
            result = await pipe.Input.ReadAsync().AsTask().WaitAsync(Wait);
            pipe.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
        while (!result.IsCompleted);

        Assert.Equal("end"u8.ToArray(), result.Buffer.ToArray());
        pipe.Input.Complete();
    }

    [Theory]
    [InlineData(false)]
    [EpollData]
    public async Task Flush_SeveralSegments_ClientReceivesEveryByteInOrder(bool epoll)
    {
        using var connection = await Connection.OpenAsync(epoll);
        var (client, pipe) = (connection.Client, connection.Pipe);
        var expected = new List<byte>();
        for (var i = 0; i < 7; i++)
        {
            // 3,000 bytes at a time with a 3,000-byte hint: more than one 4 KB segment before the flush.
            var span = pipe.Output.GetSpan(3000);
            for (var j = 0; j < 3000; j++)
            {
                span[j] = (byte)(i + j);
                expected.Add((byte)(i + j));
            }

            pipe.Output.Advance(3000);
        }

        Assert.Equal(21_000, pipe.Output.UnflushedBytes);
        var flush = await pipe.Output.FlushAsync().AsTask().WaitAsync(Wait);
        Assert.False(flush.IsCanceled);
        Assert.Equal(0, pipe.Output.UnflushedBytes);
        pipe.Output.Write("tail"u8);
        await pipe.Output.CompleteAsync();
        expected.AddRange("tail"u8.ToArray());

        Assert.Equal(expected, await ReceiveAsync(client, expected.Count));
    }

    [Theory]
    [InlineData(false)]
    [EpollData]
    public async Task Advance_PastTheMemoryHandedOut_Throws(bool epoll)
    {
        using var connection = await Connection.OpenAsync(epoll);
        var pipe = connection.Pipe;
        var length = pipe.Output.GetMemory(10).Length;

        Assert.Throws<ArgumentOutOfRangeException>(() => pipe.Output.Advance(length + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => pipe.Output.Advance(-1));
        await pipe.Output.CompleteAsync();
    }

    [Theory]
    [InlineData(false)]
    [EpollData]
    public async Task Flush_AfterPeerReset_ThrowsIOException(bool epoll)
    {
        using var connection = await Connection.OpenAsync(epoll);
        var pipe = connection.Pipe;
        connection.Client.LingerState = new LingerOption(true, 0);
        connection.Client.Dispose();

        // The first sends may still be taken by the kernel before the reset is seen; within a few, one must fail.
        var failure = await Assert.ThrowsAsync<IOException>(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                pipe.Output.Write(new byte[16 * 1024]);
                await pipe.Output.FlushAsync();
                await Task.Delay(10);
            }
        });
        Assert.IsType<SocketException>(failure.InnerException);
    }

    [Theory]
    [InlineData(false)]
    [EpollData]
    public async Task Flush_LargerThanSocketBuffers_WaitsForTheReader_ThenEveryByteArrivesInOrder(bool epoll)
    {
        using var connection = await Connection.OpenAsync(epoll, smallBuffers: true);
        var pipe = connection.Pipe;
        var expected = new byte[3 * 1024 * 1024];
        new Random(5).NextBytes(expected);

        // One flush of many segments (the gathered send), then one of a single segment (the direct send).
        pipe.Output.Write(expected.AsSpan(0, 2 * 1024 * 1024));
        var gathered = pipe.Output.FlushAsync().AsTask();
        Assert.False(gathered.IsCompleted);
        var reading = ReceiveAsync(connection.Client, expected.Length);
        Assert.False((await gathered.WaitAsync(Wait)).IsCanceled);
        pipe.Output.Write(expected.AsSpan(2 * 1024 * 1024, 1000));
        Assert.False((await pipe.Output.FlushAsync().AsTask().WaitAsync(Wait)).IsCanceled);
        pipe.Output.Write(expected.AsSpan((2 * 1024 * 1024) + 1000));
        await pipe.Output.CompleteAsync().AsTask().WaitAsync(Wait);

        Assert.Equal(expected, await reading);
    }

    [Theory]
    [InlineData(false)]
    [EpollData]
    public async Task CancelPendingFlush_WhileWaitingForRoom_ReturnsCanceled(bool epoll)
    {
        using var connection = await Connection.OpenAsync(epoll, smallBuffers: true);
        var pipe = connection.Pipe;
        pipe.Output.Write(new byte[3 * 1024 * 1024]);
        var flush = pipe.Output.FlushAsync().AsTask();
        Assert.False(flush.IsCompleted);

        pipe.Output.CancelPendingFlush();

        Assert.True((await flush.WaitAsync(Wait)).IsCanceled);
        Assert.Equal(0, pipe.Output.UnflushedBytes);
    }

    [Theory]
    [InlineData(false)]
    [EpollData]
    public async Task ReadAsync_TokenCancelledWhileWaiting_Throws_AndLaterBytesStillArrive(bool epoll)
    {
        using var connection = await Connection.OpenAsync(epoll);
        var pipe = connection.Pipe;
        using var cts = new CancellationTokenSource();

        var pending = pipe.Input.ReadAsync(cts.Token).AsTask();
        Assert.False(pending.IsCompleted);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Wait));

        connection.Client.Send("after"u8.ToArray());
        var result = await pipe.Input.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.False(result.IsCanceled);
        Assert.Equal("after"u8.ToArray(), result.Buffer.ToArray());
        pipe.Input.Complete();
    }

    [Theory]
    [InlineData(false)]
    [EpollData]
    public async Task Read_PeerReset_ThrowsIOException(bool epoll)
    {
        using var connection = await Connection.OpenAsync(epoll);
        var pipe = connection.Pipe;
        var pending = pipe.Input.ReadAsync().AsTask();
        Assert.False(pending.IsCompleted);

        connection.Client.LingerState = new LingerOption(true, 0);
        connection.Client.Dispose();

        var failure = await Assert.ThrowsAsync<IOException>(() => pending.WaitAsync(Wait));
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(failure.InnerException).SocketErrorCode);
    }

    [Fact]
    public async Task StreakOfCloseReads_SkipsZeroByteWait_AndStillReceivesLaterBytes()
    {
        var (client, server) = await ConnectPairAsync();
        using var clientSocket = client;
        using var serverSocket = server;
        var pipe = new SocketDuplexPipe(server, NoGap);

        await ReachStreakAsync(client, pipe);

        Assert.True(pipe.SkipsZeroByteReads);
        var pending = pipe.Input.ReadAsync();
        Assert.False(pending.IsCompleted);
        client.Send("q"u8.ToArray());
        var result = await pending.AsTask().WaitAsync(Wait);
        Assert.Equal("q"u8.ToArray(), result.Buffer.ToArray());
        pipe.Input.AdvanceTo(result.Buffer.End);
        pipe.Input.Complete();
    }

    [Fact]
    public async Task LongGapBetweenReads_EndsStreak()
    {
        var (client, server) = await ConnectPairAsync();
        using var clientSocket = client;
        using var serverSocket = server;
        var pipe = new SocketDuplexPipe(server, ShortGap);
        await ReachStreakAsync(client, pipe);
        Assert.True(pipe.SkipsZeroByteReads);

        await Task.Delay(TimeSpan.FromMilliseconds(ShortGap * 2));
        client.Send("a"u8.ToArray());
        var result = await pipe.Input.ReadAsync().AsTask().WaitAsync(Wait);
        pipe.Input.AdvanceTo(result.Buffer.End);

        Assert.False(pipe.SkipsZeroByteReads);
        pipe.Input.Complete();
    }

    [Fact]
    public async Task FewReads_StayBelowStreak()
    {
        var (client, server) = await ConnectPairAsync();
        using var clientSocket = client;
        using var serverSocket = server;
        var pipe = new SocketDuplexPipe(server, NoGap);
        for (var i = 0; i < 3; i++)
        {
            client.Send("r"u8.ToArray());
            var result = await pipe.Input.ReadAsync().AsTask().WaitAsync(Wait);
            pipe.Input.AdvanceTo(result.Buffer.End);
        }

        Assert.False(pipe.SkipsZeroByteReads);
        pipe.Input.Complete();
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

    private static async Task ReachStreakAsync(Socket client, SocketDuplexPipe pipe)
    {
        // The first read has no predecessor to be close to; the streak counts the ones after it.
        for (var i = 0; i <= SocketDuplexPipe.BusyStreak; i++)
        {
            client.Send("s"u8.ToArray());
            var result = await pipe.Input.ReadAsync().AsTask().WaitAsync(Wait);
            pipe.Input.AdvanceTo(result.Buffer.End);
        }
    }

    private static async Task<List<byte>> ReceiveAsync(Socket socket, int count)
    {
        var received = new List<byte>();
        var buffer = new byte[8192];
        using var timeout = new CancellationTokenSource(Wait);
        while (received.Count < count)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        return received;
    }

    /// <summary>A loopback connection whose server end is read and written through a pipe on the chosen transport.</summary>
    private sealed class Connection : IDisposable
    {
        private readonly EpollSocket? _epoll;

        private Connection(Socket client, Socket server, EpollSocket? epoll)
        {
            Client = client;
            Server = server;
            _epoll = epoll;
            Pipe = epoll is null ? new SocketDuplexPipe(server, NoGap) : new SocketDuplexPipe(epoll);
        }

        public Socket Client { get; }

        public Socket Server { get; }

        public SocketDuplexPipe Pipe { get; }

        public static async Task<Connection> OpenAsync(bool epoll, bool smallBuffers = false)
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            if (smallBuffers)
            {
                // Before connecting: the receive window is agreed in the handshake.
                client.ReceiveBufferSize = 8 * 1024;
            }

            await client.ConnectAsync(listener.LocalEndPoint!);
            var server = await listener.AcceptAsync();
            if (smallBuffers)
            {
                server.SendBufferSize = 8 * 1024;
            }

            var registered = epoll ? EpollLoop.Shared!.Register(server) ?? throw new InvalidOperationException("The loop refused the socket.") : null;
            return new Connection(client, server, registered);
        }

        public void Dispose()
        {
            // The loop holds a reference on the handle: it must let go before the socket is disposed, as the server does.
            _epoll?.Close();
            Server.Dispose();
            Client.Dispose();
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
