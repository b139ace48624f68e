namespace BackEnd.Diagnostics;

/// <summary>Checks one dependency of the application (a database, a queue) for the health endpoint.</summary>
/// <remarks>Register implementations with <c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;IHealthCheck, MyCheck&gt;())</c>; the health endpoint runs them all.</remarks>
public interface IHealthCheck
{
    /// <summary>Gets the name shown in the health report (for example <c>sql</c>).</summary>
    string Name { get; }

    /// <summary>Checks the dependency; must not throw for an unhealthy dependency but report it.</summary>
    /// <param name="cancellationToken">Cancels the check (the endpoint's timeout).</param>
    /// <returns>The result.</returns>
    ValueTask<HealthCheckResult> CheckAsync(CancellationToken cancellationToken = default);
}
