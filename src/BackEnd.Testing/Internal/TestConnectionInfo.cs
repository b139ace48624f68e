using System.Net;
using BackEnd.Http;

namespace BackEnd.Testing.Internal;

internal sealed class TestConnectionInfo(IPAddress remote) : ConnectionInfo
{
    public override string Id { get; } = Guid.NewGuid().ToString("N");

    public override IPAddress? RemoteIpAddress { get; set; } = remote;

    public override int RemotePort { get; set; } = 50000;

    public override IPAddress? LocalIpAddress => IPAddress.Loopback;

    public override int LocalPort => 80;

    public override bool IsTls => false;
}
