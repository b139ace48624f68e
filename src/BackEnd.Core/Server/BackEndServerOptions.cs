using System.Security.Cryptography.X509Certificates;

namespace BackEnd.Server;

/// <summary>Limits, timeouts and listen settings of the BackEnd HTTP/1.1 server, bound from the <c>BackEnd:Server</c> configuration section.</summary>
public sealed class BackEndServerOptions
{
    /// <summary>Gets or sets the listen URLs separated by semicolons; when <see langword="null"/>, the <c>urls</c> configuration key (<c>--urls</c>) is used.</summary>
    /// <value>Default: <see langword="null"/>, then <c>urls</c>, then <c>http://127.0.0.1:5000</c>.</value>
    public string? Urls { get; set; }

    /// <summary>Gets or sets the longest request line accepted, in bytes; longer lines get 414.</summary>
    /// <value>Default: 8,192 bytes.</value>
    public int MaxRequestLineSize { get; set; } = BackEndServerDefaults.MaxRequestLineSize;

    /// <summary>Gets or sets the largest header section accepted, in bytes; larger sections get 431.</summary>
    /// <value>Default: 32,768 bytes.</value>
    public int MaxRequestHeadersTotalSize { get; set; } = BackEndServerDefaults.MaxRequestHeadersTotalSize;

    /// <summary>Gets or sets the most header fields accepted in one request; more get 431.</summary>
    /// <value>Default: 100.</value>
    public int MaxRequestHeaderCount { get; set; } = BackEndServerDefaults.MaxRequestHeaderCount;

    /// <summary>Gets or sets the largest request body accepted, in bytes; larger bodies get 413 before they are read. <see langword="null"/> means unlimited.</summary>
    /// <value>Default: 30,000,000 bytes.</value>
    public long? MaxRequestBodySize { get; set; } = BackEndServerDefaults.MaxRequestBodySize;

    /// <summary>
    /// Gets or sets how long an idle keep-alive connection is kept open waiting for the next request. It is also the
    /// longest a response write waits for a client that has stopped reading; a client that reads slowly but steadily is
    /// bounded by <see cref="MinResponseDataRate"/> instead.
    /// </summary>
    /// <value>Default: 2 minutes.</value>
    public TimeSpan KeepAliveTimeout { get; set; } = BackEndServerDefaults.KeepAliveTimeout;

    /// <summary>Gets or sets how long a client may take to send the whole request line and headers once it has started; slower clients get 408 and are disconnected.</summary>
    /// <value>Default: 30 s.</value>
    public TimeSpan RequestHeadersTimeout { get; set; } = BackEndServerDefaults.RequestHeadersTimeout;

    /// <summary>Gets or sets the minimum request body data rate in bytes per second, measured after <see cref="MinRequestBodyDataRateGracePeriod"/>; 0 disables the check.</summary>
    /// <value>Default: 240 bytes/s.</value>
    public double MinRequestBodyDataRate { get; set; } = BackEndServerDefaults.MinRequestBodyDataRate;

    /// <summary>Gets or sets the time a body upload may take before <see cref="MinRequestBodyDataRate"/> is enforced.</summary>
    /// <value>Default: 5 s.</value>
    public TimeSpan MinRequestBodyDataRateGracePeriod { get; set; } = BackEndServerDefaults.MinRequestBodyDataRateGracePeriod;

    /// <summary>
    /// Gets or sets the minimum response data rate in bytes per second; 0 disables the check. It applies while a write
    /// waits for the client to read: by then the client must have taken every byte written at this rate, allowing
    /// <see cref="MinResponseDataRateGracePeriod"/> for each wait, or the connection is closed. Without it a client that
    /// reads a few bytes a second holds its connection and the response for as long as the response lasts.
    /// </summary>
    /// <value>Default: 240 bytes/s.</value>
    public double MinResponseDataRate { get; set; } = BackEndServerDefaults.MinResponseDataRate;

    /// <summary>Gets or sets the time a write may always wait for the client, whatever <see cref="MinResponseDataRate"/> says.</summary>
    /// <value>Default: 5 s.</value>
    public TimeSpan MinResponseDataRateGracePeriod { get; set; } = BackEndServerDefaults.MinResponseDataRateGracePeriod;

    /// <summary>Gets or sets the most connections served at once; further connections are closed as soon as they are accepted. <see langword="null"/> means unlimited.</summary>
    /// <value>Default: 100,000.</value>
    public long? MaxConcurrentConnections { get; set; } = BackEndServerDefaults.MaxConcurrentConnections;

    /// <summary>Gets or sets the path of the TLS certificate for <c>https://</c> URLs: a PEM file (with <see cref="CertificateKeyPath"/>) or a PFX file.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? CertificatePath { get; set; }

    /// <summary>Gets or sets the path of the PEM private key matching <see cref="CertificatePath"/>; leave <see langword="null"/> for PFX files or PEM files that hold the key.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? CertificateKeyPath { get; set; }

    /// <summary>Gets or sets the password of the PFX file or of an encrypted PEM key.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? CertificatePassword { get; set; }

    /// <summary>Gets or sets a certificate supplied in code; it wins over <see cref="CertificatePath"/>.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public X509Certificate2? ServerCertificate { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether handlers may use synchronous I/O: <c>Request.Body.Read</c> and
    /// <c>Response.Body.Write</c>. Off by default, because each such call holds a thread-pool thread while a slow client
    /// sends or reads; when on, a synchronous write blocks while the client is not reading, so output stays bounded.
    /// </summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool AllowSynchronousIO { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether plain-TCP connections on Linux are served by the server's own epoll loop
    /// rather than the runtime's socket engine. Both hand every ready connection to the thread pool; the loop also knows
    /// when a socket is empty, so a keep-alive request costs one receive call instead of two. Set it to
    /// <see langword="false"/> to use the runtime's engine (TLS connections always do, as does every other platform).
    /// </summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool NativeSocketLoop { get; set; } = true;

    /// <summary>Gets or sets how long a TLS handshake may take.</summary>
    /// <value>Default: 10 s.</value>
    public TimeSpan TlsHandshakeTimeout { get; set; } = BackEndServerDefaults.TlsHandshakeTimeout;

    /// <summary>
    /// Gets or sets how long the server must have served nothing (no request in progress or started, no new connection)
    /// before it runs one aggressive full garbage collection, which returns the memory the GC keeps committed after a
    /// burst (tens of MB for a small live heap) to the system. It runs at most once per idle period, from the server's
    /// once-a-second heartbeat, so the actual wait is up to a second longer. <see cref="TimeSpan.Zero"/> or
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns it off. Off by default: the collection's pause grows with the live heap,
    /// and an app with a large one that idles between requests would pay it after every idle period.
    /// </summary>
    /// <value>Default: <see cref="TimeSpan.Zero"/> (off). A few seconds suits a small app that should hold little memory when idle.</value>
    public TimeSpan IdleMemoryTrim { get; set; } = TimeSpan.Zero;
}
