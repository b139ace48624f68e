using BackEnd.Storage.Sql.Tests.Postgres;
using BackEnd.Storage.Sql.Tests.Support;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

[RequiresEnvironmentVariable(PostgresFactAttribute.Variable)]
public sealed class PostgresFeatureTests(PostgresFeatureFixture fixture) : SqlFeatureTests<PostgresFeatureFixture>(fixture)
{
    [StoreFact]
    public async Task Execute_TextTheDatabaseCannotConvert_MessageOmitsTheValue()
    {
        var secret = "s3cr3t-" + Guid.NewGuid().ToString("N");
        var huge = "98765432109876543210";

        var malformed = await Assert.ThrowsAsync<ConstraintViolationException>(async () =>
            await Database.ExecuteScalarAsync<long>("SELECT CAST(@secret AS integer)", new { secret }));
        var outOfRange = await Assert.ThrowsAsync<ConstraintViolationException>(async () =>
            await Database.ExecuteScalarAsync<long>("SELECT CAST(@huge AS integer)", new { huge }));

        Assert.DoesNotContain(secret, malformed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(huge, outOfRange.Message, StringComparison.Ordinal);
        Assert.Contains("22P02", malformed.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Execute_SessionSetting_DoesNotLeakIntoLaterOperations()
    {
        // One pooled connection, so the later operation surely gets the session the setting was made on.
        var connectionString = PostgresFactAttribute.ConnectionString + ";Maximum Pool Size=1";
        await using var host = await SqlStoreHost.StartAsync(o =>
        {
            o.UsePostgres(connectionString);
            o.ApplyMigrationsOnStartup = false;
        });
        await host.Database.ExecuteScalarAsync<string>("SELECT set_config('backend.tenant', 'tenant-a', false)");
        await host.Database.ExecuteAsync("SET application_name = 'leaked'");

        var tenant = await host.Database.ExecuteScalarAsync<string>("SELECT current_setting('backend.tenant', true)");
        var application = await host.Database.ExecuteScalarAsync<string>("SELECT current_setting('application_name')");

        Assert.True(string.IsNullOrEmpty(tenant), $"A later operation saw the setting '{tenant}'.");
        Assert.NotEqual("leaked", application);
    }
}
