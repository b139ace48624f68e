using BackEnd.Storage.Sql.Tests.MySql;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

[RequiresEnvironmentVariable(MySqlFactAttribute.Variable)]
public sealed class MySqlFeatureTests(MySqlFeatureFixture fixture) : SqlFeatureTests<MySqlFeatureFixture>(fixture)
{
    [StoreFact]
    public async Task Execute_TooLongTextForColumn_IsARefusalNotATruncation()
    {
        var email = new string('e', 300);

        var error = await Assert.ThrowsAsync<ConstraintViolationException>(async () =>
            await Database.ExecuteAsync("INSERT INTO people (full_name, email, version) VALUES ('long', @email, 1)", new { email }));

        Assert.Contains("email", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people WHERE full_name = 'long'"));
    }

    [StoreFact]
    public async Task Execute_ZeroDate_IsRefused()
    {
        var error = await Assert.ThrowsAsync<ConstraintViolationException>(async () =>
            await Database.ExecuteAsync("INSERT INTO mapped (id, status, at, amount, flag, ratio, big, ref, day, version) VALUES (@id, 1, '0000-00-00 00:00:00', 1, 0, 1, 1, @id, '2020-01-01', 1)", new { id = Guid.NewGuid() }));

        Assert.Equal(StorageErrorKind.ConstraintViolation, error.Kind);
    }

    [StoreFact]
    public async Task Execute_SessionSetting_DoesNotLeakIntoLaterOperations()
    {
        var connectionString = MySqlFactAttribute.ConnectionString + ";Maximum Pool Size=1";
        await using var host = await Support.SqlStoreHost.StartAsync(o =>
        {
            o.UseMySql(connectionString);
            o.ApplyMigrationsOnStartup = false;
        });
        await host.Database.ExecuteAsync("SET SESSION sql_mode = ''");

        var mode = await host.Database.ExecuteScalarAsync<string>("SELECT @@SESSION.sql_mode");

        Assert.Contains("STRICT_ALL_TABLES", mode, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Repository_AfterCallerSqlChangedTheSession_PreparedStatementsRunAndTheSessionIsStrictAgain()
    {
        // One pooled session: the repository prepares its statements on it, caller SQL changes it, and it is handed out again.
        await using var database = await Support.MySqlTestDatabase.CreateAsync();
        await using var host = await Support.SqlStoreHost.StartAsync(o => database.Use(o)
            .UseMySql(database.ConnectionString + ";Maximum Pool Size=1")
            .AddMigration(FeatureSchema.MySql));
        var people = host.Database.GetRepository<Person, long>();
        var first = await people.InsertAsync(new Person { FullName = "before", Email = Guid.NewGuid().ToString("N") + "@example.test" });

        await host.Database.ExecuteAsync("SET SESSION sql_mode = ''");
        var second = await people.InsertAsync(new Person { FullName = "after", Email = Guid.NewGuid().ToString("N") + "@example.test" });

        Assert.Equal("before", (await people.GetAsync(first.Id))!.FullName);
        Assert.Equal("after", (await people.GetAsync(second.Id))!.FullName);
        Assert.Contains("STRICT_ALL_TABLES", await host.Database.ExecuteScalarAsync<string>("SELECT @@SESSION.sql_mode"), StringComparison.Ordinal);
    }
}
