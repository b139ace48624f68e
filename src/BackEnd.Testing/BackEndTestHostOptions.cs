namespace BackEnd.Testing;

/// <summary>Options of <see cref="BackEndTestHost"/>.</summary>
public sealed class BackEndTestHostOptions
{
    /// <summary>Gets or sets the host environment name; <c>Development</c> shows exception details in problem bodies.</summary>
    /// <value>Default: <c>Production</c>.</value>
    public string EnvironmentName { get; set; } = "Production";

    /// <summary>Gets or sets the base address of the clients created by the host.</summary>
    /// <value>Default: <c>http://localhost/</c>.</value>
    public Uri BaseAddress { get; set; } = new("http://localhost/");

    /// <summary>Gets or sets a value indicating whether clients follow redirects, as a socket <see cref="HttpClient"/> does by default.</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool AllowAutoRedirect { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether each client keeps and sends cookies, as a socket <see cref="HttpClient"/> does by default.</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool UseCookies { get; set; } = true;

    /// <summary>Gets or sets a callback that configures the host builder first (services, configuration, logging).</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public Action<Microsoft.Extensions.Hosting.HostApplicationBuilder>? ConfigureHost { get; set; }
}
