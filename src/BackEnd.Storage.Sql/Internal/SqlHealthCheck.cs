using BackEnd.Diagnostics;

namespace BackEnd.Storage.Sql.Internal;

internal sealed class SqlHealthCheck(SqlDatabase database) : IHealthCheck
{
    public string Name => "sql";

    public async ValueTask<HealthCheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await database.ExecuteScalarAsync<long>("SELECT 1", cancellationToken: cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"The {database.Database} database answers.");
        }
        catch (StorageException exception)
        {
            // Typed storage messages carry no connection strings, so they are safe to report.
            return HealthCheckResult.Unhealthy(exception.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Other messages are not vetted for secrets: only the kind of failure is reported.
            return HealthCheckResult.Unhealthy($"The {database.Database} check failed with {exception.GetType().Name}.");
        }
    }
}
