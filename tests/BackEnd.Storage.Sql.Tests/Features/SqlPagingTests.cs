using BackEnd.Storage.Sql.Internal;
using BackEnd.Storage.Sql.Tests.MySql;
using BackEnd.Storage.Sql.Tests.Postgres;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

/// <summary>The repository's page and count SQL, whose text is kept per query shape and carries the count along, on each database.</summary>
public abstract class SqlPagingTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : SqlFeatureFixture
{
    private IRepository<Person, long> People => fixture.Database.GetRepository<Person, long>();

    // Rows of one test share a unique name, so the fixture's shared table does not disturb the counts.
    private async Task<(string Name, long[] Ids)> InsertAsync(params int?[] ages)
    {
        var name = Guid.NewGuid().ToString("N");
        var ids = new long[ages.Length];
        for (var i = 0; i < ages.Length; i++)
        {
            ids[i] = (await People.InsertAsync(new Person { FullName = name, Email = Guid.NewGuid().ToString("N") + "@example.test", Age = ages[i] })).Id;
        }

        return (name, ids);
    }

    private async Task<(List<long> Ids, List<long?> Totals)> FollowAsync(string name, bool descending)
    {
        var ids = new List<long>();
        var totals = new List<long?>();
        string? cursor = null;
        for (var guard = 0; guard < 10; guard++)
        {
            var query = new StorageQuery().Where(nameof(Person.FullName), name).Take(2).WithTotalCount();
            query = descending ? query.OrderByDescending(nameof(Person.Age)) : query.OrderBy(nameof(Person.Age));
            query.After = cursor;
            var page = await People.QueryAsync(query);
            ids.AddRange(page.Items.Select(p => p.Id));
            totals.Add(page.TotalCount);
            if ((cursor = page.NextCursor) is null)
            {
                return (ids, totals);
            }
        }

        throw new InvalidOperationException("The cursors did not reach an end.");
    }

    [StoreFact]
    public async Task Query_SameShapeWithOtherValues_EachFollowsItsOwnRowsAndCountsThemAll()
    {
        var (first, a) = await InsertAsync(null, 30, 20, null, 40);
        var (second, b) = await InsertAsync(7, null);

        var ascending = await FollowAsync(first, descending: false);
        var other = await FollowAsync(second, descending: false);
        var again = await FollowAsync(first, descending: false);
        var descending = await FollowAsync(first, descending: true);

        // NULL is the smallest age; ties fall back to the key. Every page, cursor-led ones too, counts the whole filter.
        Assert.Equal([a[0], a[3], a[2], a[1], a[4]], ascending.Ids);
        Assert.Equal([5L, 5L, 5L], ascending.Totals);
        Assert.Equal([b[1], b[0]], other.Ids);
        Assert.Equal([2L], other.Totals);
        Assert.Equal(ascending.Ids, again.Ids);
        Assert.Equal([a[4], a[1], a[2], a[0], a[3]], descending.Ids);
        Assert.Equal([5L, 5L, 5L], descending.Totals);
    }

    [StoreFact]
    public async Task Query_TotalCount_IsRightOnEmptyAndPartialPages()
    {
        var (name, ids) = await InsertAsync(1, 2, 3);

        var none = await People.QueryAsync(new StorageQuery().Where(nameof(Person.FullName), Guid.NewGuid().ToString("N")).WithTotalCount());
        var beyond = await People.QueryAsync(new StorageQuery().Where(nameof(Person.FullName), name).Skip(10).Take(2).WithTotalCount());
        var last = await People.QueryAsync(new StorageQuery().Where(nameof(Person.FullName), name).Skip(2).Take(2).WithTotalCount());
        var older = await People.QueryAsync(new StorageQuery().Where(nameof(Person.FullName), name).Where(nameof(Person.Age), FilterOperator.GreaterThan, 1).WithTotalCount());
        var plain = await People.QueryAsync(new StorageQuery().Where(nameof(Person.FullName), name).Take(1));

        Assert.Empty(none.Items);
        Assert.Equal(0, none.TotalCount);
        Assert.Empty(beyond.Items);
        Assert.Equal(3, beyond.TotalCount);
        Assert.Equal([ids[2]], last.Items.Select(p => p.Id));
        Assert.Equal(3, last.TotalCount);
        Assert.Null(last.NextCursor);
        Assert.Equal([ids[1], ids[2]], older.Items.Select(p => p.Id));
        Assert.Equal(2, older.TotalCount);
        Assert.Null(plain.TotalCount);
        Assert.Equal([ids[0]], plain.Items.Select(p => p.Id));
        Assert.Equal(3, await People.CountAsync(new StorageQuery().Where(nameof(Person.FullName), name)));
    }

    [StoreFact]
    public async Task Query_PageSizesAndOffsetsAtTheirBounds_ReturnExactlyTheRowsAsked()
    {
        var (name, ids) = await InsertAsync(1, 2, 3, 4, 5);
        async Task<long[]> PageAsync(int take, int skip = 0) =>
            [.. (await People.QueryAsync(new StorageQuery().Where(nameof(Person.FullName), name).OrderBy(nameof(Person.Id)).Skip(skip).Take(take))).Items.Select(p => p.Id)];

        Assert.Equal(ids[..1], await PageAsync(1));
        Assert.Equal(ids[..4], await PageAsync(4));
        Assert.Equal(ids, await PageAsync(5));
        Assert.Equal(ids, await PageAsync(StorageDefaults.MaxPageSize));
        Assert.Equal(ids[1..3], await PageAsync(2, skip: 1));
        Assert.Equal(ids[4..], await PageAsync(StorageDefaults.MaxPageSize, skip: 4));
        Assert.Empty(await PageAsync(3, skip: 5));
        Assert.Empty(await PageAsync(1, skip: int.MaxValue));

        // Sizes and offsets reach the SQL only after this validation, as integers.
        foreach (var (take, skip) in new[] { (0, 0), (-1, 0), (StorageDefaults.MaxPageSize + 1, 0), (int.MaxValue, 0), (int.MinValue, 0), (1, -1), (1, int.MinValue) })
        {
            await Assert.ThrowsAsync<InvalidQueryException>(async () => await PageAsync(take, skip));
        }
    }

    [StoreFact]
    public async Task Query_ManyDistinctPageSizes_EachRightWhileTheLiteralSizesStayBounded()
    {
        var (name, ids) = await InsertAsync(1, 2, 3, 4, 5, 6);

        // More sizes than are ever written into statement texts: the rest are bound, and every page is still exact.
        for (var take = 1; take <= SqlRepository<Person, long>.MaxLiteralPageLimits + 24; take++)
        {
            var page = await People.QueryAsync(new StorageQuery().Where(nameof(Person.FullName), name).OrderBy(nameof(Person.Id)).Take(take));
            Assert.Equal(ids[..Math.Min(take, ids.Length)], page.Items.Select(p => p.Id));
            Assert.Equal(take < ids.Length, page.NextCursor is not null);
            var second = await People.QueryAsync(new StorageQuery().Where(nameof(Person.FullName), name).OrderBy(nameof(Person.Id)).Skip(1).Take(take).WithTotalCount());
            Assert.Equal(ids[1..Math.Min(take + 1, ids.Length)], second.Items.Select(p => p.Id));
            Assert.Equal(ids.Length, second.TotalCount);
        }

        Assert.InRange(SqlRepository<Person, long>.LiteralPageLimitCount, 0, SqlRepository<Person, long>.MaxLiteralPageLimits);
    }

    [StoreFact]
    public async Task Query_OffsetPageWithTotal_HasNextExactlyWhenRowsFollow_AndTheCursorContinuesThere()
    {
        var (name, ids) = await InsertAsync(1, 2, 3, 4, 5);
        StorageQuery Named() => new StorageQuery().Where(nameof(Person.FullName), name);

        var first = await People.QueryAsync(Named().Take(2).WithTotalCount());
        var middle = await People.QueryAsync(Named().Skip(2).Take(2).WithTotalCount());
        var fullLast = await People.QueryAsync(Named().Skip(3).Take(2).WithTotalCount());
        var everything = await People.QueryAsync(Named().Take(5).WithTotalCount());
        var beyond = await People.QueryAsync(Named().Skip(5).Take(2).WithTotalCount());
        var filtered = await People.QueryAsync(Named().Where(nameof(Person.Age), FilterOperator.GreaterThan, 2).Take(2).WithTotalCount());
        var afterFirst = Named().Take(2);
        afterFirst.After = first.NextCursor;
        var continued = await People.QueryAsync(afterFirst);
        var afterFiltered = Named().Where(nameof(Person.Age), FilterOperator.GreaterThan, 2).Take(2);
        afterFiltered.After = filtered.NextCursor;
        var filteredRest = await People.QueryAsync(afterFiltered);

        Assert.Equal([ids[0], ids[1]], first.Items.Select(p => p.Id));
        Assert.Equal(5, first.TotalCount);
        Assert.NotNull(first.NextCursor);
        Assert.Equal([ids[2], ids[3]], middle.Items.Select(p => p.Id));
        Assert.NotNull(middle.NextCursor);
        // A full page that ends on the last row has no next page.
        Assert.Equal([ids[3], ids[4]], fullLast.Items.Select(p => p.Id));
        Assert.Null(fullLast.NextCursor);
        Assert.Equal(5, everything.Items.Count);
        Assert.Null(everything.NextCursor);
        Assert.Empty(beyond.Items);
        Assert.Equal(5, beyond.TotalCount);
        Assert.Null(beyond.NextCursor);
        Assert.Equal([ids[2], ids[3]], filtered.Items.Select(p => p.Id));
        Assert.Equal(3, filtered.TotalCount);
        Assert.NotNull(filtered.NextCursor);
        Assert.Equal([ids[2], ids[3]], continued.Items.Select(p => p.Id));
        Assert.NotNull(continued.NextCursor);
        Assert.Equal([ids[4]], filteredRest.Items.Select(p => p.Id));
        Assert.Null(filteredRest.NextCursor);
    }

    [StoreFact]
    public async Task Query_OffsetPageWithTotal_OnAnEmptyTable_IsEmptyWithZeroAndNoNext()
    {
        var nobody = Guid.NewGuid().ToString("N");

        var page = await People.QueryAsync(new StorageQuery().Where(nameof(Person.FullName), nobody).Take(3).WithTotalCount());
        var later = await People.QueryAsync(new StorageQuery().Where(nameof(Person.FullName), nobody).Skip(6).Take(3).WithTotalCount());

        Assert.Empty(page.Items);
        Assert.Equal(0, page.TotalCount);
        Assert.Null(page.NextCursor);
        Assert.Empty(later.Items);
        Assert.Equal(0, later.TotalCount);
        Assert.Null(later.NextCursor);
    }
}

public sealed class SqlitePagingTests(SqliteFeatureFixture fixture) : SqlPagingTests<SqliteFeatureFixture>(fixture);

[RequiresEnvironmentVariable(PostgresFactAttribute.Variable)]
public sealed class PostgresPagingTests(PostgresFeatureFixture fixture) : SqlPagingTests<PostgresFeatureFixture>(fixture);

[RequiresEnvironmentVariable(MySqlFactAttribute.Variable)]
public sealed class MySqlPagingTests(MySqlFeatureFixture fixture) : SqlPagingTests<MySqlFeatureFixture>(fixture);
