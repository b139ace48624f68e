using System.Globalization;
using System.Net;
using BackEnd.Http;

namespace BackEnd.Server.Internal;

internal sealed class ServerConnectionInfo(long id, IPEndPoint? local, IPEndPoint? remote, bool isTls) : ConnectionInfo
{
    private string? _id;

    public long NumericId { get; } = id;

    public override string Id => _id ??= NumericId.ToString("X8", CultureInfo.InvariantCulture);

    public override IPAddress? RemoteIpAddress { get; set; } = remote?.Address;

    public override int RemotePort { get; set; } = remote?.Port ?? 0;

    public override IPAddress? LocalIpAddress { get; } = local?.Address;

    public override int LocalPort { get; } = local?.Port ?? 0;

    public override bool IsTls { get; } = isTls;

    /// <summary>Gets or sets the connection serving this client; how features like upgrade reach it through wrapped contexts.</summary>
    public Http1Connection? Connection { get; set; }
}
