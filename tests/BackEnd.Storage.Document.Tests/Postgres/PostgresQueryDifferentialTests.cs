using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Tests.Documents;
using BackEnd.Storage.Document.Tests.Support;

namespace BackEnd.Storage.Document.Tests.Postgres;

/// <summary>The same random predicates (same seed) and pitfalls as on LiteDB, answered by jsonb SQL.</summary>
public sealed class PostgresQueryDifferentialTests : DocumentQueryDifferentialTests
{
    private PostgresSchema? _schema;

    protected override bool Enabled => Servers.Postgres is not null;

    [PostgresFact]
    public Task RandomPredicates_MatchLinqInMemory() => RandomPredicates_MatchLinqInMemory_Core();

    [PostgresFact]
    public Task Pitfalls_MatchLinqInMemory() => Pitfalls_MatchLinqInMemory_Core();

    [PostgresFact]
    public Task OrderBy_MatchesLinqOrdinalNullsFirst() => OrderBy_MatchesLinqOrdinalNullsFirst_Core();

    [PostgresFact]
    public Task ReadBack_IsExactlyWhatWasWritten() => ReadBack_IsExactlyWhatWasWritten_Core();

    [PostgresFact]
    public Task Untranslatable_ThrowsNotSupportedNamingExpression() => Untranslatable_ThrowsNotSupportedNamingExpression_Core();

    private protected override async Task<DocumentStore> CreateStoreAsync()
    {
        _schema = await PostgresSchema.CreateAsync();
        return Stores.Postgres(_schema.ConnectionString);
    }

    private protected override async Task CleanupAsync()
    {
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
