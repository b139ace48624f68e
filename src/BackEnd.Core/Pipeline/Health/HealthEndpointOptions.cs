namespace BackEnd.Pipeline.Health;

/// <summary>Options of the health endpoint mapped by <see cref="BackEnd.Routing.HealthEndpointRouteBuilderExtensions.MapHealthChecks"/>.</summary>
public sealed class HealthEndpointOptions
{
    /// <summary>The default time each check may take before it counts as unhealthy.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the time each check may take before it counts as unhealthy.</summary>
    /// <value>Default: 5 s.</value>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>Gets or sets a value indicating whether check descriptions are included in the body (they must never hold secrets).</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool IncludeDetails { get; set; } = true;
}
