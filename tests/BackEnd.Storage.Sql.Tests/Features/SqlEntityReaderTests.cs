using BackEnd.Storage.Sql.Tests.MySql;
using BackEnd.Storage.Sql.Tests.Postgres;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

/// <summary>Entities read through the reader compiled for the driver's own reader type: every member type, on each database.</summary>
public abstract class SqlEntityReaderTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : SqlFeatureFixture
{
    [StoreFact]
    public async Task Page_EveryMappedTypeSetAndNull_ReadsWhatGetReads()
    {
        var reference = Guid.NewGuid();
        var repository = fixture.Database.GetRepository<MappedEntity, Guid>();
        var full = await repository.InsertAsync(new MappedEntity
        {
            NullableInt = int.MinValue,
            NullableText = "x'; DROP TABLE mapped; --",
            Status = ContractStatus.Archived,
            MaybeStatus = ContractStatus.Draft,
            At = new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.FromHours(5.5)).AddTicks(7_890),
            MaybeAt = new DateTimeOffset(1970, 1, 1, 0, 0, 1, TimeSpan.Zero),
            Amount = -98765432109876543.0000000001m,
            MaybeAmount = 0m,
            Blob = [],
            Flag = true,
            Ratio = double.Epsilon,
            Big = long.MaxValue,
            Ref = reference,
            Day = new DateOnly(2024, 2, 29),
        });
        var empty = await repository.InsertAsync(new MappedEntity { Ref = reference, At = DateTimeOffset.UnixEpoch, Day = DateOnly.MinValue, Big = -1 });

        // Twice: the first page compiles the reader for the driver's reader type, the second reuses it.
        for (var pass = 0; pass < 2; pass++)
        {
            var page = await repository.QueryAsync(new StorageQuery().Where(nameof(MappedEntity.Ref), reference.ToString()).OrderBy(nameof(MappedEntity.Big)));

            Assert.Equal([empty.Id, full.Id], page.Items.Select(i => i.Id));
            AssertSame(full, page.Items[1]);
            AssertSame(empty, page.Items[0]);
            AssertSame(full, (await repository.GetAsync(full.Id))!);
        }
    }

    [StoreFact]
    public async Task GetAndPage_NullInStringDeclaredNonNullable_ReadsAsNullWithTheOtherMembers()
    {
        var reference = Guid.NewGuid();
        var repository = fixture.Database.GetRepository<MappedEntity, Guid>();
        var withNull = await repository.InsertAsync(new MappedEntity { Ref = reference, At = DateTimeOffset.UnixEpoch, Day = DateOnly.MinValue, Big = 1 });
        var withText = await repository.InsertAsync(new MappedEntity { Ref = reference, NullableText = "set", At = DateTimeOffset.UnixEpoch, Day = DateOnly.MinValue, Big = 2 });
        var strict = fixture.Database.GetRepository<MappedText, Guid>();

        for (var pass = 0; pass < 2; pass++)
        {
            var read = await strict.GetAsync(withNull.Id);
            var page = await strict.QueryAsync(new StorageQuery().Where(nameof(MappedText.Ref), reference.ToString()).OrderBy(nameof(MappedText.Big)));

            Assert.NotNull(read);
            Assert.Null(read.NullableText);
            Assert.Equal(1, read.Big);
            Assert.Equal([withNull.Id, withText.Id], page.Items.Select(i => i.Id));
            Assert.Equal([null, "set"], page.Items.Select(i => i.NullableText));
            Assert.Equal([1L, 2L], page.Items.Select(i => i.Big));
        }
    }

    private static void AssertSame(MappedEntity expected, MappedEntity read)
    {
        Assert.Equal(expected.NullableInt, read.NullableInt);
        Assert.Equal(expected.NullableText, read.NullableText);
        Assert.Equal(expected.Status, read.Status);
        Assert.Equal(expected.MaybeStatus, read.MaybeStatus);
        Assert.Equal(expected.At, read.At);
        Assert.Equal(expected.MaybeAt, read.MaybeAt);
        Assert.Equal(expected.Amount, read.Amount);
        Assert.Equal(expected.MaybeAmount, read.MaybeAmount);
        Assert.Equal(expected.Blob, read.Blob);
        Assert.Equal(expected.Flag, read.Flag);
        Assert.Equal(expected.Ratio, read.Ratio);
        Assert.Equal(expected.Big, read.Big);
        Assert.Equal(expected.Ref, read.Ref);
        Assert.Equal(expected.Day, read.Day);
        Assert.Equal(1, read.Version);
    }
}

/// <summary>Some of the mapped table's columns, with its nullable text declared as a non-nullable string.</summary>
[System.ComponentModel.DataAnnotations.Schema.Table("mapped")]
public sealed class MappedText
{
    public Guid Id { get; set; }

    public string NullableText { get; set; } = "";

    public Guid Ref { get; set; }

    public long Big { get; set; }

    public long Version { get; set; }
}

public sealed class SqliteEntityReaderTests(SqliteFeatureFixture fixture) : SqlEntityReaderTests<SqliteFeatureFixture>(fixture);

[RequiresEnvironmentVariable(PostgresFactAttribute.Variable)]
public sealed class PostgresEntityReaderTests(PostgresFeatureFixture fixture) : SqlEntityReaderTests<PostgresFeatureFixture>(fixture);

[RequiresEnvironmentVariable(MySqlFactAttribute.Variable)]
public sealed class MySqlEntityReaderTests(MySqlFeatureFixture fixture) : SqlEntityReaderTests<MySqlFeatureFixture>(fixture);
