using BackEnd.Diagnostics;
using BackEnd.Storage.Sql.Migrations;
using BackEnd.Storage.Sql.Tests.MySql;
using BackEnd.Storage.Sql.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace BackEnd.Storage.Sql.Tests.Faults;

public sealed class MySqlFaultTests
{
    private const string Secret = "s3cr3t-Pa55word";

    private static readonly SqlMigration Schema = SqlMigration.FromSql(1, "tickets", "CREATE TABLE tickets (id BIGINT AUTO_INCREMENT PRIMARY KEY, title VARCHAR(20) NOT NULL, version BIGINT NOT NULL)");

    [MySqlFact]
    public async Task Operation_ServerUnreachable_IsUnavailableWithoutSecrets()
    {
        var builder = new MySqlConnectionStringBuilder(MySqlFactAttribute.ConnectionString!) { Port = (uint)Ports.Closed(), Password = Secret, ConnectionTimeout = 2 };
        await using var host = SqlStoreHost.Create(o => o.UseMySql(builder.ConnectionString));

        var atStart = await Assert.ThrowsAsync<StorageUnavailableException>(host.StartAsync);
        var onRead = await Assert.ThrowsAsync<StorageUnavailableException>(async () => await host.Store.GetRepository<Ticket, long>().GetAsync(1));
        var health = await host.Services.GetServices<IHealthCheck>().Single().CheckAsync();

        Assert.DoesNotContain(Secret, atStart.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, onRead.ToString(), StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
    }

    [MySqlFact]
    public async Task Transaction_ConnectionKilledBeforeCommit_IsUnavailableNothingStoredAndPoolRecovers()
    {
        await using var database = await MySqlTestDatabase.CreateAsync();
        await using var host = await SqlStoreHost.StartAsync(o => o.UseMySql(database.ConnectionString).AddMigration(Schema));
        var transaction = await host.Database.BeginTransactionAsync();
        await transaction.GetRepository<Ticket, long>().InsertAsync(new Ticket { Title = "in flight" });

        var killed = await KillConnectionsAsync(database.Name);
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await transaction.CommitAsync());
        await transaction.DisposeAsync();
        var saved = await RetryOnceAsync(() => host.Store.GetRepository<Ticket, long>().InsertAsync(new Ticket { Title = "after" }).AsTask());

        Assert.True(killed > 0);
        Assert.Equal(["after"], (await host.Database.QueryAsync<string>("SELECT title FROM tickets")).ToArray());
        Assert.Equal("after", saved.Title);
    }

    [MySqlFact]
    public async Task Update_TooLongForColumn_IsConstraintViolationNotTruncated()
    {
        await using var database = await MySqlTestDatabase.CreateAsync();
        await using var host = await SqlStoreHost.StartAsync(o => o.UseMySql(database.ConnectionString).AddMigration(Schema));
        var tickets = host.Store.GetRepository<Ticket, long>();
        var saved = await tickets.InsertAsync(new Ticket { Title = "short" });
        saved.Title = new string('x', 21);

        var error = await Assert.ThrowsAsync<ConstraintViolationException>(async () => await tickets.UpdateAsync(saved));

        Assert.Contains("'title'", error.Message, StringComparison.Ordinal);
        Assert.Equal("short", (await tickets.GetAsync(saved.Id))?.Title);
    }

    // A pooled connection killed while idle fails its next use once; the pool then opens a fresh one.
    private static async Task<T> RetryOnceAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (StorageUnavailableException)
        {
            return await action();
        }
    }

    // Only this test's own connections: they use its database.
    private static async Task<int> KillConnectionsAsync(string databaseName)
    {
        await using var admin = new MySqlConnection(MySqlFactAttribute.ConnectionString);
        await admin.OpenAsync();
        var ids = new List<long>();
        await using (var list = new MySqlCommand("SELECT id FROM information_schema.processlist WHERE db = @db AND id <> CONNECTION_ID()", admin))
        {
            list.Parameters.AddWithValue("@db", databaseName);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        foreach (var id in ids)
        {
            await using var kill = new MySqlCommand($"KILL {id}", admin);
            await kill.ExecuteNonQueryAsync();
        }

        return ids.Count;
    }
}
