namespace BackEnd.Storage.Sql.Tests.Features;

public sealed class SqliteFeatureTests(SqliteFeatureFixture fixture) : SqlFeatureTests<SqliteFeatureFixture>(fixture)
{
    [Fact]
    public async Task Execute_PragmaTurningOffForeignKeys_DoesNotLeakIntoLaterOperations()
    {
        var orphan = new Person { FullName = "orphan", Email = Guid.NewGuid().ToString("N") + "@example.test", TeamId = 987_654_322 };
        await Database.ExecuteAsync("PRAGMA foreign_keys = OFF");

        var error = await Assert.ThrowsAsync<ConstraintViolationException>(async () => await Database.GetRepository<Person, long>().InsertAsync(orphan));

        Assert.Equal(StorageErrorKind.ConstraintViolation, error.Kind);
    }

    [Fact]
    public async Task Transaction_EndedByTheDatabase_LaterStatementsFailInsteadOfAutocommitting()
    {
        var email = Guid.NewGuid().ToString("N") + "@example.test";
        await using var transaction = await Database.BeginTransactionAsync();

        // Stands in for SQLite rolling the transaction back on its own (an interrupted write, a full disk).
        await transaction.ExecuteAsync("ROLLBACK");
        var insert = await Assert.ThrowsAsync<StorageUnavailableException>(async () =>
            await transaction.GetRepository<Person, long>().InsertAsync(new Person { FullName = "half", Email = email }));
        var commit = await Assert.ThrowsAsync<StorageUnavailableException>(async () => await transaction.CommitAsync());

        Assert.Equal(StorageErrorKind.Unavailable, insert.Kind);
        Assert.Equal(StorageErrorKind.Unavailable, commit.Kind);
        Assert.Equal(0, await Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people WHERE email = @email", new { email }));
    }
}
