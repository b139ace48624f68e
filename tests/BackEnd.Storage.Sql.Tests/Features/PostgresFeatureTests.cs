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
    public async Task Query_RepeatedPage_RunsOnTheServersGenericPlanInsteadOfPlanningEachTime()
    {
        // Teams: the paging tests fill Person's few literal page sizes with sizes of their own.
        var teams = Database.GetRepository<Team, long>();
        var name = Guid.NewGuid().ToString("N");
        await teams.InsertAsync(new Team { Name = name });

        // Npgsql prepares a statement on its fifth use; the server then plans it afresh five times before a generic plan
        // may take over. With a bound LIMIT the generic plan looked dearer than every custom one, so each run was planned.
        for (var i = 0; i < 16; i++)
        {
            var page = await teams.QueryAsync(new StorageQuery().Where(nameof(Team.Name), name).OrderBy(nameof(Team.Id)).Take(37));
            Assert.Single(page.Items);
        }

        // Operations run one after another take the same kept connection, whose session holds the prepared statement.
        var plans = await Database.QueryAsync<PreparedPlans>(
            "SELECT statement AS \"Statement\", generic_plans AS \"Generic\", custom_plans AS \"Custom\" FROM pg_prepared_statements WHERE statement LIKE '%FROM \"teams\"%'");
        var plan = Assert.Single(plans, p => p.Statement.Contains("\"name\" = $1", StringComparison.Ordinal));
        Assert.EndsWith(" LIMIT 38", plan.Statement, StringComparison.Ordinal);
        Assert.True(plan.Generic >= 5, $"generic plans {plan.Generic}, custom plans {plan.Custom}");
    }

    private sealed record PreparedPlans(string Statement, long Generic, long Custom);

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
