using BackEnd.Storage.Sql.Tests.Support;

namespace BackEnd.Storage.Sql.Tests.Features;

/// <summary>The feature schema on a server database in a namespace of its own; nothing starts when the server's variable is unset.</summary>
public abstract class ServerFeatureFixture(SqlDatabaseKind kind) : SqlFeatureFixture
{
    private ServerTestDatabase? _database;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override async Task<Action<SqlStorageOptions>?> ConfigureAsync()
    {
        if (ServerTestDatabase.ServerConnectionString(kind) is null)
        {
            return null;
        }

        _database = await ServerTestDatabase.CreateAsync(kind);
        var database = _database;
        return o => database.Use(o);
    }
}
