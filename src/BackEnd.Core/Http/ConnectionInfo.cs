using System.Net;

namespace BackEnd.Http;

/// <summary>Facts about the connection a request arrived on.</summary>
public abstract class ConnectionInfo
{
    /// <summary>Gets an identifier unique to the connection within the process.</summary>
    public abstract string Id { get; }

    /// <summary>Gets or sets the remote address; forwarded-headers middleware may replace it.</summary>
    public abstract IPAddress? RemoteIpAddress { get; set; }

    /// <summary>Gets or sets the remote port.</summary>
    public abstract int RemotePort { get; set; }

    /// <summary>Gets the local address the connection was accepted on.</summary>
    public abstract IPAddress? LocalIpAddress { get; }

    /// <summary>Gets the local port the connection was accepted on.</summary>
    public abstract int LocalPort { get; }

    /// <summary>Gets a value indicating whether the connection is protected by TLS.</summary>
    public abstract bool IsTls { get; }
}
