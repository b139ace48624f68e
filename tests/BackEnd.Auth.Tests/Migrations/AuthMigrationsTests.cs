using BackEnd.Auth.Tests.Support;
using BackEnd.Hosting;
using BackEnd.Storage.Sql;
using BackEnd.Storage.Sql.Migrations;
using BackEnd.Testing;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Npgsql;

namespace BackEnd.Auth.Tests.Migrations;

/// <summary><c>AddAuthMigrations()</c>: Auth's own tables on SQLite files and real PostgreSQL/MySQL servers, and databases made with the copies apps carried before.</summary>
public sealed class AuthMigrationsTests : IDisposable
{
    private const string Password = "violet-harbor-42";
    private readonly string _directory = Directory.CreateTempSubdirectory("backend-auth-migrations-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task AddAuthMigrations_FreshSqliteFile_AppliesVersion1AndAccountsWork()
    {
        var sqlite = Sqlite();

        await using var host = await StartAsync(sql => sql.UseSqlite(sqlite), authMigrations: true);

        var applied = await host.Services.GetRequiredService<ISqlMigrator>().ListAsync();
        Assert.Equal([(1L, "auth")], applied.Select(m => (m.Version, m.Name)));
        Assert.NotNull(applied[0].AppliedAt);
        await AssertAccountsWorkAsync(host);
    }

    [Theory]
    [InlineData("feed_0001_auth.sqlite.sql", "auth")]
    [InlineData("shop_0001_create_accounts.sqlite.sql", "create_accounts")]
    public async Task AddAuthMigrations_SqliteMadeWithAnEarlierCopy_StartsAndKeepsItsAccounts(string copy, string name)
    {
        var sqlite = Sqlite();
        var earlier = SqlMigration.FromSql(1, name, await File.ReadAllTextAsync(Path.Combine("TestData", "EarlierMigrations", copy)));
        await using (var before = await StartAsync(sql => sql.UseSqlite(sqlite).AddMigration(earlier), authMigrations: false))
        {
            Assert.True((await before.Services.GetRequiredService<AuthService>().RegisterAsync("old-timer", Password)).Succeeded);
        }

        await using var host = await StartAsync(sql => sql.UseSqlite(sqlite), authMigrations: true);

        var applied = await host.Services.GetRequiredService<ISqlMigrator>().ListAsync();
        Assert.Equal([1L], applied.Select(m => m.Version));
        Assert.True((await host.Services.GetRequiredService<AuthService>().PasswordSignInAsync("old-timer", Password)).Succeeded);
        await AssertAccountsWorkAsync(host);
    }

    [Fact]
    public async Task AddAuthMigrations_Version1WasSomethingElse_RefusesToStartNamingTheDrift()
    {
        var sqlite = Sqlite();
        await using (await StartAsync(sql => sql.UseSqlite(sqlite).AddMigration(SqlMigration.FromSql(1, "other", "CREATE TABLE other (id INTEGER)")), authMigrations: false))
        {
        }

        var error = await StartFailureAsync(sql => sql.UseSqlite(sqlite));

        Assert.Contains("0001_auth was changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAuthMigrations_AppKeepsItsOwnVersion1_RefusesToStartNamingBoth()
    {
        var copy = SqlMigration.FromSql(1, "auth_copy", "CREATE TABLE t (id INTEGER)");

        var error = await StartFailureAsync(sql => sql.UseSqlite(Sqlite()).AddMigration(copy));

        Assert.Contains("share version 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAuthMigrations_CalledTwice_RegistersTheScriptsOnce()
    {
        await using var host = await StartAsync(sql => sql.UseSqlite(Sqlite()), authMigrations: true, twice: true);

        Assert.Single(await host.Services.GetRequiredService<ISqlMigrator>().ListAsync());
    }

    [PostgresFact]
    public async Task AddAuthMigrations_FreshPostgresSchema_AccountsWork()
    {
        var schema = "auth_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(new NpgsqlConnection(PostgresFactAttribute.ConnectionString!), $"CREATE SCHEMA {schema}");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString!) { SearchPath = schema }.ConnectionString;
            await using var host = await StartAsync(sql => sql.UsePostgres(connection), authMigrations: true);

            await AssertAccountsWorkAsync(host);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(new NpgsqlConnection(PostgresFactAttribute.ConnectionString!), $"DROP SCHEMA {schema} CASCADE");
        }
    }

    [PostgresFact]
    public async Task AddAuthMigrations_PostgresMadeWithShopsCopy_StartsAndKeepsItsAccounts()
    {
        var schema = "auth_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(new NpgsqlConnection(PostgresFactAttribute.ConnectionString!), $"CREATE SCHEMA {schema}");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString!) { SearchPath = schema }.ConnectionString;
            var earlier = SqlMigration.FromSql(1, "create_accounts", await File.ReadAllTextAsync(Path.Combine("TestData", "EarlierMigrations", "shop_0001_create_accounts.postgres.sql")));
            await using (var before = await StartAsync(sql => sql.UsePostgres(connection).AddMigration(earlier), authMigrations: false))
            {
                Assert.True((await before.Services.GetRequiredService<AuthService>().RegisterAsync("old-timer", Password)).Succeeded);
            }

            await using var host = await StartAsync(sql => sql.UsePostgres(connection), authMigrations: true);

            Assert.True((await host.Services.GetRequiredService<AuthService>().PasswordSignInAsync("old-timer", Password)).Succeeded);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(new NpgsqlConnection(PostgresFactAttribute.ConnectionString!), $"DROP SCHEMA {schema} CASCADE");
        }
    }

    [MySqlFact]
    public async Task AddAuthMigrations_FreshMySqlDatabase_AccountsWork()
    {
        var name = "auth_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(new MySqlConnection(MySqlFactAttribute.ConnectionString!), $"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        try
        {
            var connection = new MySqlConnectionStringBuilder(MySqlFactAttribute.ConnectionString!) { Database = name }.ConnectionString;
            await using var host = await StartAsync(sql => sql.UseMySql(connection), authMigrations: true);

            await AssertAccountsWorkAsync(host);
        }
        finally
        {
            MySqlConnection.ClearAllPools();
            await ExecuteAsync(new MySqlConnection(MySqlFactAttribute.ConnectionString!), $"DROP DATABASE {name}");
        }
    }

    /// <summary>Registration, sign-in, a session, a token and a lockout row: every table and column Auth writes.</summary>
    private static async Task AssertAccountsWorkAsync(BackEndTestHost host)
    {
        var auth = host.Services.GetRequiredService<AuthService>();
        Assert.True((await auth.RegisterAsync("Ünïcode User", Password, ["admin"])).Succeeded);
        Assert.Equal(PasswordSignInStatus.Failed, (await auth.PasswordSignInAsync("ünïcode user", "wrong-password")).Status);
        var signedIn = await auth.PasswordSignInAsync("ÜNÏCODE USER", Password);
        Assert.True(signedIn.Succeeded);
        Assert.Equal(["admin"], signedIn.User!.RoleList);
        var (token, expiresAt) = await auth.CreateTokenAsync("ünïcode user", "cli", ["read"]);
        Assert.True(expiresAt > DateTimeOffset.UtcNow);
        Assert.True(await auth.RevokeTokenAsync(token));
        Assert.True((await auth.ChangePasswordAsync("ünïcode user", Password, "amber-lantern-77")).Succeeded);
    }

    private static async Task<BackEndTestHost> StartAsync(Action<SqlStorageOptions> sql, bool authMigrations, bool twice = false) =>
        await BackEndTestHost.StartAsync(b =>
        {
            b.AddSqlStorage(sql).AddAuth(o => o.Passwords.BCryptWorkFactor = 4);
            if (authMigrations)
            {
                b.AddAuthMigrations();
            }

            if (twice)
            {
                b.AddAuthMigrations();
            }
        });

    private static async Task<SqlMigrationException> StartFailureAsync(Action<SqlStorageOptions> sql)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await (await StartAsync(sql, authMigrations: true)).DisposeAsync());
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (current is SqlMigrationException migration)
            {
                return migration;
            }
        }

        throw new Xunit.Sdk.XunitException($"Expected a SqlMigrationException, got {error}");
    }

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    private string Sqlite() => $"Data Source={Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db")}";
}
