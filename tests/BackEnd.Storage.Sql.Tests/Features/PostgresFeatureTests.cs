using BackEnd.Storage.Sql.Tests.Postgres;
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
}
