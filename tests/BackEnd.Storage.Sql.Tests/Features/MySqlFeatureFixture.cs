using BackEnd.Storage.Sql.Tests.MySql;
using BackEnd.Storage.Sql.Tests.Support;

namespace BackEnd.Storage.Sql.Tests.Features;

public sealed class MySqlFeatureFixture : SqlFeatureFixture
{
    private MySqlTestDatabase? _database;

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
        if (MySqlFactAttribute.ConnectionString is null)
        {
            return null;
        }

        _database = await MySqlTestDatabase.CreateAsync();
        var connectionString = _database.ConnectionString;
        return o => o.UseMySql(connectionString);
    }
}
