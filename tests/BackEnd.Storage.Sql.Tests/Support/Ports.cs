using System.Net;
using System.Net.Sockets;

namespace BackEnd.Storage.Sql.Tests.Support;

public static class Ports
{
    /// <summary>Returns a loopback port that nothing listens on (it was free a moment ago).</summary>
    public static int Closed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
