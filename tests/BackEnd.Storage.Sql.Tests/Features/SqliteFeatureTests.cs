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
}
