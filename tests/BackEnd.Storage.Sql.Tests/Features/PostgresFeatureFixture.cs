using BackEnd.Storage.Sql.Tests.Postgres;
using BackEnd.Storage.Sql.Tests.Support;

namespace BackEnd.Storage.Sql.Tests.Features;

public sealed class PostgresFeatureFixture : SqlFeatureFixture
{
    private PostgresSchema? _schema;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }

    protected override async Task<Action<SqlStorageOptions>?> ConfigureAsync()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return null;
        }

        _schema = await PostgresSchema.CreateAsync();
        var connectionString = _schema.ConnectionString;
        return o => o.UsePostgres(connectionString);
    }
}
