using System.Net;
using System.Net.Sockets;

namespace BackEnd.Storage.Testing;

/// <summary>
/// A loopback TCP relay in front of a real server that a test can cut (every connection reset, new ones refused) or turn into a
/// black hole (connections accepted, nothing forwarded, nothing answered), and restore on the same port: what an app sees when its
/// database restarts, the network drops, or the server hangs, without stopping a server other tests share.
/// </summary>
public sealed class OutageProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<Socket> _sockets = [];
    private readonly Lock _lock = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;
    private volatile bool _blackHole;

    private OutageProxy(IPEndPoint target, int port)
    {
        _target = target;
        Port = port;
    }

    public int Port { get; }

    public static OutageProxy Start(string host, int port)
    {
        var address = IPAddress.TryParse(host, out var parsed) ? parsed : Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var free = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var proxy = new OutageProxy(new IPEndPoint(address, port), free);
        proxy.Restore();
        return proxy;
    }

    /// <summary>Resets every relayed connection and stops accepting new ones.</summary>
    public void Cut()
    {
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var socket in _sockets)
            {
                try
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                }
                catch (ObjectDisposedException)
                {
                    // Already closed by its peer.
                }
            }

            _sockets.Clear();
        }
    }

    /// <summary>
    /// From now on the server seems to hang: new connections are accepted but never reach it, and bytes on the connections
    /// already open are swallowed in both directions. Nothing is refused or reset, so only the client's own timeouts end a wait.
    /// </summary>
    public void BlackHole() => _blackHole = true;

    /// <summary>
    /// Relays again, on the same port: after a cut, accepts connections again; after a black hole, resets the connections whose
    /// bytes it swallowed (their protocol state is lost, as when a hung server's connections finally time out) and forwards anew.
    /// </summary>
    public void Restore()
    {
        if (_blackHole)
        {
            Cut();
            _blackHole = false;
        }

        lock (_lock)
        {
            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _accepting = AcceptAsync(listener);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Cut();
        try
        {
            await _accepting;
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The listener was stopped under the accept.
        }
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync();
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            if (_blackHole)
            {
                lock (_lock)
                {
                    _sockets.Add(client);
                }

                _ = SwallowAsync(client);
                continue;
            }

            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(_target);
            }
            catch (SocketException)
            {
                client.Close();
                server.Dispose();
                continue;
            }

            lock (_lock)
            {
                if (_listener != listener)
                {
                    client.Close();
                    server.Close();
                    return;
                }

                _sockets.Add(client);
                _sockets.Add(server);
            }

            _ = RelayAsync(client, server);
            _ = RelayAsync(server, client);
        }
    }

    /// <summary>Reads and drops everything the client sends to a black hole, until the connection is reset.</summary>
    private static async Task SwallowAsync(Socket client)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (await client.ReceiveAsync(buffer, SocketFlags.None) > 0)
            {
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Reset by Restore or Cut.
        }
    }

    private async Task RelayAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    if (!_blackHole)
                    {
                        to.Shutdown(SocketShutdown.Send);
                    }

                    return;
                }

                if (!_blackHole)
                {
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Cut, or the peer went away.
        }
    }
}
