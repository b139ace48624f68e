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
}

public sealed class SqlitePagingTests(SqliteFeatureFixture fixture) : SqlPagingTests<SqliteFeatureFixture>(fixture);

[RequiresEnvironmentVariable(PostgresFactAttribute.Variable)]
public sealed class PostgresPagingTests(PostgresFeatureFixture fixture) : SqlPagingTests<PostgresFeatureFixture>(fixture);

[RequiresEnvironmentVariable(MySqlFactAttribute.Variable)]
public sealed class MySqlPagingTests(MySqlFeatureFixture fixture) : SqlPagingTests<MySqlFeatureFixture>(fixture);
