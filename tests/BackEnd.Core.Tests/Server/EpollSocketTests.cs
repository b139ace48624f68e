using System.Net;
using System.Net.Sockets;
using BackEnd.Server.Internal;

namespace BackEnd.Core.Tests.Server;

/// <summary>
/// Runs the tests that read <see cref="EpollLoop.Count"/> alone: the loop is process-wide, so connections of tests running
/// beside them would move the count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EpollLoopGroup
{
    public const string Name = "EpollLoop";
}

/// <summary>A fact that runs on Linux only: the epoll loop exists nowhere else.</summary>
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (EpollLoop.Shared is null)
        {
            Skip = "The epoll loop is Linux's; this system has none.";
        }
    }
}

/// <summary>The epoll row of a transport theory (<see langword="true"/>), skipped where the loop does not exist.</summary>
internal sealed class EpollDataAttribute : Xunit.Sdk.DataAttribute
{
    public EpollDataAttribute()
    {
        if (EpollLoop.Shared is null)
        {
            Skip = "The epoll loop is Linux's; this system has none.";
        }
    }

    public override IEnumerable<object[]> GetData(System.Reflection.MethodInfo testMethod) => [[true]];
}

/// <summary>
/// The epoll transport on real loopback sockets: order under backpressure, no lost wake-up under load, cancellation and
/// close fail a pending wait without losing data, peer end and reset are reported, and every descriptor is let go.
/// </summary>
[Collection(EpollLoopGroup.Name)]
public sealed class EpollSocketTests
{
    private const int Large = 4 * 1024 * 1024;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [LinuxFact]
    public async Task SendAsync_SingleBufferLargerThanSocketBuffers_WaitsThenArrivesWholeAndInOrder()
    {
        using var pair = await Pair.ConnectAsync(smallBuffers: true);
        var data = Pattern(Large, seed: 1);

        var send = pair.Epoll.SendAsync(data, CancellationToken.None).AsTask();

        // Far more than both kernel buffers hold while the client reads nothing: the send has to wait for room.
        Assert.False(send.IsCompleted);
        var received = await ReceiveExactlyAsync(pair.Client, data.Length);
        await send.WaitAsync(Wait);
        Assert.Equal(data, received);
    }

    [LinuxFact]
    public async Task SendAsync_ManySegmentsLargerThanSocketBuffers_ArriveWholeAndInOrder_AndListIsEmptied()
    {
        using var pair = await Pair.ConnectAsync(smallBuffers: true);
        var data = Pattern(Large, seed: 2);
        var segments = new List<ArraySegment<byte>>();
        var offset = 0;

        // Uneven lengths (1 byte to 6 KB) and more segments than one gather call (IOV_MAX, 1024) takes.
        for (var i = 0; offset < data.Length; i++)
        {
            var length = Math.Min(1 + (i * 7919 % 6000), data.Length - offset);
            segments.Add(new ArraySegment<byte>(data, offset, length));
            offset += length;
        }

        Assert.True(segments.Count > 1024);
        var send = pair.Epoll.SendAsync(segments, CancellationToken.None).AsTask();
        Assert.False(send.IsCompleted);
        var received = await ReceiveExactlyAsync(pair.Client, data.Length);
        await send.WaitAsync(Wait);

        Assert.Equal(data, received);
        Assert.Empty(segments);
    }

    [LinuxFact]
    public async Task SendAsync_ManySmallSegmentsThatFitAtOnce_CompleteSynchronously_AndListIsEmptied()
    {
        using var pair = await Pair.ConnectAsync();
        var segments = Enumerable.Range(0, 2000).Select(i => new ArraySegment<byte>([(byte)i])).ToList();

        var send = pair.Epoll.SendAsync(segments, CancellationToken.None);

        // 2,000 one-byte segments: more than one gather call, all taken by the kernel without a wait.
        Assert.True(send.IsCompletedSuccessfully);
        Assert.Empty(segments);
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => (byte)i), await ReceiveExactlyAsync(pair.Client, 2000));
    }

    [LinuxFact]
    public async Task PingPong_EightConnectionsConcurrently_EveryReplyArrives()
    {
        const int connections = 8;
        const int roundTrips = 2000;
        var pairs = new List<Pair>();
        try
        {
            for (var i = 0; i < connections; i++)
            {
                pairs.Add(await Pair.ConnectAsync());
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));

            // Half the echoes receive into a buffer smaller than a message, so both the full-buffer receive (no drain
            // recorded) and the short one (drained, the next wait is a real wait) run between the loop's edges.
            var echoes = pairs.Select((p, i) => Task.Run(() => EchoAsync(p.Epoll, i % 2 == 0 ? 5 : 64, timeout.Token))).ToList();
            var clients = pairs.Select((p, i) => Task.Run(() => PingAsync(p.Client, i, roundTrips, timeout.Token))).ToList();

            // A lost wake-up leaves a round trip waiting forever: the timeout turns that into a failure.
            await Task.WhenAll(clients);
            foreach (var pair in pairs)
            {
                pair.Client.Shutdown(SocketShutdown.Send);
            }

            var echoed = await Task.WhenAll(echoes);
            Assert.All(echoed, count => Assert.Equal(roundTrips * 8L, count));
        }
        finally
        {
            pairs.ForEach(p => p.Dispose());
        }
    }

    [LinuxFact]
    public async Task WaitReadableAsync_CancelledWhilePending_Throws_AndLaterBytesArriveWhole()
    {
        using var pair = await Pair.ConnectAsync();
        Assert.Equal(-1, pair.Epoll.Receive(new byte[16]));
        using var cts = new CancellationTokenSource();

        var pending = pair.Epoll.WaitReadableAsync(cts.Token).AsTask();
        Assert.False(pending.IsCompleted);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Wait));
        pair.Client.Send("hello"u8);
        Assert.Equal("hello"u8.ToArray(), await ReceiveSomeAsync(pair.Epoll, 5));
    }

    [LinuxFact]
    public async Task ReceiveAsync_CancelledWhilePending_Throws_AndLaterBytesArriveWhole()
    {
        using var pair = await Pair.ConnectAsync();
        var buffer = new byte[64];
        using var cts = new CancellationTokenSource();

        var pending = pair.Epoll.ReceiveAsync(buffer, cts.Token).AsTask();
        Assert.False(pending.IsCompleted);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Wait));
        var sent = Pattern(3000, seed: 3);
        pair.Client.Send(sent);
        Assert.Equal(sent, await ReceiveSomeAsync(pair.Epoll, sent.Length));
    }

    [LinuxFact]
    public async Task WaitAndReceive_TokenCancelledBeforeTheCall_AreCanceledAtOnce()
    {
        using var pair = await Pair.ConnectAsync();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        // Never drained: the receive finds the socket empty, and the wait that follows is cancelled without waiting.
        var receive = pair.Epoll.ReceiveAsync(new byte[16], cts.Token);
        Assert.True(receive.IsCanceled);
        var wait = pair.Epoll.WaitReadableAsync(cts.Token);
        Assert.True(wait.IsCanceled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.AsTask());

        pair.Client.Send("after"u8);
        Assert.Equal("after"u8.ToArray(), await ReceiveSomeAsync(pair.Epoll, 5));
    }

    [LinuxFact]
    public async Task SendAsync_CancelledWhileWaitingForRoom_Throws()
    {
        using var pair = await Pair.ConnectAsync(smallBuffers: true);
        using var cts = new CancellationTokenSource();

        var send = pair.Epoll.SendAsync(new byte[Large], cts.Token).AsTask();
        Assert.False(send.IsCompleted);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send.WaitAsync(Wait));
    }

    [LinuxFact]
    public async Task Close_WhileReceivePending_FailsItWithOperationAborted_AndLaterWaitsFailTheSame()
    {
        var loop = EpollLoop.Shared!;
        var before = loop.Count;
        using var pair = await Pair.ConnectAsync();
        Assert.Equal(before + 1, loop.Count);

        var pending = pair.Epoll.ReceiveAsync(new byte[16], CancellationToken.None).AsTask();
        Assert.False(pending.IsCompleted);
        pair.Epoll.Close();

        var error = await Assert.ThrowsAsync<SocketException>(() => pending.WaitAsync(Wait));
        Assert.Equal(SocketError.OperationAborted, error.SocketErrorCode);
        Assert.Equal(before, loop.Count);

        // Data waiting or not, a closed socket's waits fail.
        pair.Client.Send("late"u8);
        var wait = await Assert.ThrowsAsync<SocketException>(() => pair.Epoll.WaitReadableAsync(CancellationToken.None).AsTask());
        Assert.Equal(SocketError.OperationAborted, wait.SocketErrorCode);
        var receive = await Assert.ThrowsAsync<SocketException>(() => pair.Epoll.ReceiveAsync(new byte[16], CancellationToken.None).AsTask());
        Assert.Equal(SocketError.OperationAborted, receive.SocketErrorCode);

        pair.Epoll.Close();
        Assert.Equal(before, loop.Count);
    }

    [LinuxFact]
    public async Task Close_WhileSendWaitsForRoom_FailsItWithOperationAborted()
    {
        var loop = EpollLoop.Shared!;
        var before = loop.Count;
        using var pair = await Pair.ConnectAsync(smallBuffers: true);
        var segments = new List<ArraySegment<byte>> { new(new byte[Large / 2]), new(new byte[Large / 2]) };

        var single = pair.Epoll.SendAsync(new byte[Large], CancellationToken.None).AsTask();
        Assert.False(single.IsCompleted);
        pair.Epoll.Close();

        var error = await Assert.ThrowsAsync<SocketException>(() => single.WaitAsync(Wait));
        Assert.Equal(SocketError.OperationAborted, error.SocketErrorCode);

        // The buffer is still full: the list send has to wait too, and that wait fails at once.
        var list = await Assert.ThrowsAsync<SocketException>(() => pair.Epoll.SendAsync(segments, CancellationToken.None).AsTask().WaitAsync(Wait));
        Assert.Equal(SocketError.OperationAborted, list.SocketErrorCode);
        Assert.Equal(before, loop.Count);
    }

    [LinuxFact]
    public async Task PeerShutdownSend_ReceiveReturnsEndOfStreamRepeatedly()
    {
        using var pair = await Pair.ConnectAsync();
        pair.Client.Send("last"u8);
        pair.Client.Shutdown(SocketShutdown.Send);

        Assert.Equal("last"u8.ToArray(), await ReceiveSomeAsync(pair.Epoll, 4));
        using var timeout = new CancellationTokenSource(Wait);
        Assert.Equal(0, await pair.Epoll.ReceiveAsync(new byte[16], timeout.Token));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, pair.Epoll.Receive(new byte[16]));
            Assert.Equal(0, await pair.Epoll.ReceiveAsync(new byte[16], timeout.Token));
        }
    }

    [LinuxFact]
    public async Task PeerSendsThenShutsDown_BeforeTheFirstReceive_ReceiveAsyncReturnsTheDataThenEndOfStream()
    {
        using var pair = await Pair.ConnectAsync();
        pair.Client.Send("end"u8);
        pair.Client.Shutdown(SocketShutdown.Send);

        // Let the loop harvest the data's and the end's edges before the first receive (not a timing assert: the
        // pause only makes the ordering that matters the likely one). That receive then takes less than its buffer
        // while the end of the stream is already queued, and no edge will come after it.
        await WaitAvailableAsync(pair.Server, 3);
        await Task.Delay(200);

        Assert.Equal("end"u8.ToArray(), await ReceiveSomeAsync(pair.Epoll, 3, bufferSize: 16));
        using var timeout = new CancellationTokenSource(Wait);
        Assert.Equal(0, await pair.Epoll.ReceiveAsync(new byte[16], timeout.Token));
    }

    [LinuxFact]
    public async Task PeerReset_WhileWaiting_ReceiveAsyncThrowsConnectionReset()
    {
        using var pair = await Pair.ConnectAsync();
        var pending = pair.Epoll.ReceiveAsync(new byte[16], CancellationToken.None).AsTask();
        Assert.False(pending.IsCompleted);

        pair.ResetClient();

        var error = await Assert.ThrowsAsync<SocketException>(() => pending.WaitAsync(Wait));
        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
    }

    [LinuxFact]
    public async Task PeerReset_BeforeReceive_ReceiveThrowsConnectionReset()
    {
        using var pair = await Pair.ConnectAsync();
        Assert.Equal(-1, pair.Epoll.Receive(new byte[16]));
        pair.ResetClient();

        // The reset's edge wakes the wait; the receive after it reports the reset instead of "nothing yet".
        await pair.Epoll.WaitReadableAsync(CancellationToken.None).AsTask().WaitAsync(Wait);
        var error = Assert.Throws<SocketException>(() => pair.Epoll.Receive(new byte[16]));
        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
    }

    [LinuxFact]
    public async Task PeerReset_WhileSendWaitsForRoom_SendFails()
    {
        using var pair = await Pair.ConnectAsync(smallBuffers: true);
        var send = pair.Epoll.SendAsync(new byte[Large], CancellationToken.None).AsTask();
        Assert.False(send.IsCompleted);

        pair.ResetClient();

        var error = await Assert.ThrowsAsync<SocketException>(() => send.WaitAsync(Wait));
        Assert.True(error.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown, error.SocketErrorCode.ToString());
    }

    [LinuxFact]
    public async Task CloseThenDispose_ClosesTheDescriptor_ClientSeesEndOfStreamOrReset()
    {
        using var pair = await Pair.ConnectAsync();

        // Disposing waits for every reference on the handle; one left by the loop would hang here.
        await Task.Run(pair.CloseServer).WaitAsync(Wait);

        Assert.True(await IsClosedByPeerAsync(pair.Client));
    }

    [LinuxFact]
    public async Task RegisterAndClose_TwoHundredSockets_CountReturnsToWhereItWas()
    {
        var loop = EpollLoop.Shared!;
        var before = loop.Count;
        var pairs = new List<Pair>();
        try
        {
            for (var i = 0; i < 200; i++)
            {
                pairs.Add(await Pair.ConnectAsync());
            }

            Assert.Equal(before + 200, loop.Count);
            Assert.All(pairs, p => Assert.False(p.Server.Blocking));
            pairs.ForEach(p => p.CloseServer());
            Assert.Equal(before, loop.Count);
            foreach (var pair in pairs)
            {
                Assert.True(await IsClosedByPeerAsync(pair.Client));
            }
        }
        finally
        {
            pairs.ForEach(p => p.Dispose());
        }
    }

    [LinuxFact]
    public async Task DescriptorReusedAfterClose_NewRegistrationStillGetsItsEvents()
    {
        // A closed descriptor's number goes to the next socket at once; a delete arriving late would remove the new
        // socket's registration, and its receive would then wait forever.
        for (var i = 0; i < 50; i++)
        {
            using var pair = await Pair.ConnectAsync();
            Assert.Equal(-1, pair.Epoll.Receive(new byte[4]));
            pair.Client.Send([(byte)i]);
            Assert.Equal(new[] { (byte)i }, await ReceiveSomeAsync(pair.Epoll, 1));
        }
    }

    [LinuxFact]
    public async Task Register_SameSocketTwice_RefusesTheSecond_AndLeavesTheFirstWorking()
    {
        var loop = EpollLoop.Shared!;
        using var pair = await Pair.ConnectAsync();
        var count = loop.Count;

        Assert.Null(loop.Register(pair.Server));

        // The refusal must not undo the first registration's non-blocking mode: a blocking receive would hang the pipe.
        Assert.Equal(count, loop.Count);
        Assert.False(pair.Server.Blocking);
        Assert.Equal(-1, pair.Epoll.Receive(new byte[4]));
        pair.Client.Send("x"u8);
        Assert.Equal("x"u8.ToArray(), await ReceiveSomeAsync(pair.Epoll, 1));
    }

    [LinuxFact]
    public async Task UrgentData_ReceiveStopsAtTheMark_TheRestStillArrives()
    {
        using var pair = await Pair.ConnectAsync();

        // A receive stops short at the urgent mark with more queued behind it, so that short read must not count as
        // "the socket is empty": the edge for "B" came with the rest and no other will.
        pair.Client.Send("A"u8);
        pair.Client.Send("!"u8, SocketFlags.OutOfBand);
        pair.Client.Send("B"u8);
        await WaitAvailableAsync(pair.Server, 1);
        await Task.Delay(200);

        Assert.Equal("AB"u8.ToArray(), await ReceiveSomeAsync(pair.Epoll, 2, bufferSize: 64));
    }

    private static async Task<long> EchoAsync(EpollSocket socket, int bufferSize, CancellationToken cancellationToken)
    {
        var buffer = new byte[bufferSize];
        long total = 0;
        while (true)
        {
            await socket.WaitReadableAsync(cancellationToken);
            var received = socket.Receive(buffer);
            if (received == 0)
            {
                return total;
            }

            if (received > 0)
            {
                total += received;
                await socket.SendAsync(buffer.AsMemory(0, received), cancellationToken);
            }
        }
    }

    private static async Task PingAsync(Socket client, int connection, int roundTrips, CancellationToken cancellationToken)
    {
        var message = new byte[8];
        var reply = new byte[8];
        for (var i = 0; i < roundTrips; i++)
        {
            BitConverter.TryWriteBytes(message.AsSpan(0, 4), connection);
            BitConverter.TryWriteBytes(message.AsSpan(4), i);
            await client.SendAsync(message, SocketFlags.None, cancellationToken);
            var read = 0;
            while (read < reply.Length)
            {
                var n = await client.ReceiveAsync(reply.AsMemory(read), SocketFlags.None, cancellationToken);
                Assert.NotEqual(0, n);
                read += n;
            }

            Assert.Equal(message, reply);
        }
    }

    private static async Task<byte[]> ReceiveSomeAsync(EpollSocket socket, int count, int bufferSize = 0)
    {
        using var timeout = new CancellationTokenSource(Wait);
        var buffer = new byte[Math.Max(count, bufferSize)];
        var read = 0;
        while (read < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), timeout.Token);
            Assert.NotEqual(0, n);
            read += n;
        }

        Assert.Equal(count, read);
        return buffer[..count];
    }

    private static async Task WaitAvailableAsync(Socket socket, int bytes)
    {
        for (var i = 0; i < 2000 && socket.Available < bytes; i++)
        {
            await Task.Delay(10);
        }

        Assert.True(socket.Available >= bytes);
    }

    private static async Task<byte[]> ReceiveExactlyAsync(Socket socket, int count)
    {
        using var timeout = new CancellationTokenSource(Wait);
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read, Math.Min(8192, count - read)), SocketFlags.None, timeout.Token);
            Assert.NotEqual(0, n);
            read += n;
        }

        return buffer;
    }

    private static async Task<bool> IsClosedByPeerAsync(Socket client)
    {
        using var timeout = new CancellationTokenSource(Wait);
        try
        {
            return await client.ReceiveAsync(new byte[1], SocketFlags.None, timeout.Token) == 0;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    private static byte[] Pattern(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>A loopback connection whose server end is registered; disposal closes the registration before the socket.</summary>
    private sealed class Pair : IDisposable
    {
        private Pair(Socket client, Socket server, EpollSocket epoll)
        {
            Client = client;
            Server = server;
            Epoll = epoll;
        }

        public Socket Client { get; }

        public Socket Server { get; }

        public EpollSocket Epoll { get; }

        public static async Task<Pair> ConnectAsync(bool smallBuffers = false)
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            // No Nagle on either end, as the server sets it: an echo sent in two parts would otherwise wait for a delayed ACK.
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            if (smallBuffers)
            {
                // Set before connecting: the receive window is agreed in the handshake.
                client.ReceiveBufferSize = 8 * 1024;
            }

            await client.ConnectAsync(listener.LocalEndPoint!);
            var server = await listener.AcceptAsync();
            server.NoDelay = true;
            if (smallBuffers)
            {
                server.SendBufferSize = 8 * 1024;
            }

            var epoll = EpollLoop.Shared!.Register(server) ?? throw new InvalidOperationException("The loop refused the socket.");
            return new Pair(client, server, epoll);
        }

        /// <summary>Closes the server end the way the server does: the registration first, then the socket.</summary>
        public void CloseServer()
        {
            Epoll.Close();
            Server.Dispose();
        }

        public void ResetClient()
        {
            Client.LingerState = new LingerOption(true, 0);
            Client.Close();
        }

        public void Dispose()
        {
            CloseServer();
            Client.Dispose();
        }
    }
}
