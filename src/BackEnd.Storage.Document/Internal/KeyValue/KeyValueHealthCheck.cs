using BackEnd.Diagnostics;
using BackEnd.Storage.KeyValue;

namespace BackEnd.Storage.Document.Internal.KeyValue;

/// <summary>Readiness of the key/value store (Redis, PostgreSQL or LiteDB): one read of a key nobody writes.</summary>
internal sealed class KeyValueHealthCheck(IKeyValueStore store) : IHealthCheck
{
    private const string ProbeKey = "backend:health:probe";

    public string Name => "keyvalue";

    public async ValueTask<HealthCheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await store.GetAsync(ProbeKey, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("The key/value store answers.");
        }
        catch (StorageException exception)
        {
            // Typed storage messages carry no connection strings, so they are safe to report.
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }
}
