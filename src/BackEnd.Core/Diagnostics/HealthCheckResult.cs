namespace BackEnd.Diagnostics;

/// <summary>The outcome of an <see cref="IHealthCheck"/>.</summary>
/// <param name="Status">The state.</param>
/// <param name="Description">A short text without secrets (no connection strings), safe to show to operators.</param>
public readonly record struct HealthCheckResult(HealthStatus Status, string? Description = null)
{
    /// <summary>Creates a healthy result.</summary>
    /// <param name="description">An optional text.</param>
    /// <returns>The result.</returns>
    public static HealthCheckResult Healthy(string? description = null) => new(HealthStatus.Healthy, description);

    /// <summary>Creates an unhealthy result.</summary>
    /// <param name="description">Why, without secrets.</param>
    /// <returns>The result.</returns>
    public static HealthCheckResult Unhealthy(string? description = null) => new(HealthStatus.Unhealthy, description);
}
