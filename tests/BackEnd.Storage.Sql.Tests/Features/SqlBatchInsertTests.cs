using BackEnd.Storage.Sql.Tests.MySql;
using BackEnd.Storage.Sql.Tests.Postgres;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

/// <summary>Many inserts with generated keys in one transaction (the batch SQLite binds in place), on each relational database.</summary>
public abstract class SqlBatchInsertTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : SqlFeatureFixture
{
    private ISqlDatabase Database => fixture.Database;

    private static Person NewPerson(string batch, int i) => new()
    {
        FullName = $"{batch} {i}",
        Email = $"{batch}-{i}@example.test",
        Age = i % 3 == 0 ? null : 20 + i,
    };

    private async Task<long> CountAsync(string batch)
        => await Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people WHERE email LIKE @pattern", new { pattern = batch + "-%" });

    [StoreFact]
    public async Task Batch_NoRows_CommitsAndWritesNothing()
    {
        var batch = Guid.NewGuid().ToString("N");
        await using (var transaction = await Database.BeginTransactionAsync())
        {
            await transaction.CommitAsync();
        }

        Assert.Equal(0, await CountAsync(batch));
        var after = await Database.GetRepository<Person, long>().InsertAsync(NewPerson(batch, 1));
        Assert.Equal(1, await CountAsync(batch));
        Assert.True(after.Id > 0);
    }

    [StoreFact]
    public async Task Batch_OneRow_ReturnsKeyAndVersionAndLeavesTheCallersObjectAlone()
    {
        var batch = Guid.NewGuid().ToString("N");
        var person = NewPerson(batch, 1);
        Person stored;
        await using (var transaction = await Database.BeginTransactionAsync())
        {
            stored = await transaction.GetRepository<Person, long>().InsertAsync(person);
            await transaction.CommitAsync();
        }

        Assert.NotSame(person, stored);
        Assert.Equal(0, person.Id);
        Assert.Equal(0, person.Version);
        Assert.True(stored.Id > 0);
        Assert.Equal(1, stored.Version);
        var read = await Database.GetRepository<Person, long>().GetAsync(stored.Id);
        Assert.NotNull(read);
        Assert.Equal((person.FullName, person.Email, person.Age, 1L), (read.FullName, read.Email, read.Age, read.Version));
    }

    [StoreFact]
    public async Task Batch_ManyRows_KeysAscendInInsertOrderAndEveryRowReadsBack()
    {
        const int Rows = 600;
        var batch = Guid.NewGuid().ToString("N");
        var stored = new List<Person>(Rows);
        await using (var transaction = await Database.BeginTransactionAsync())
        {
            var people = transaction.GetRepository<Person, long>();
            for (var i = 0; i < Rows; i++)
            {
                stored.Add(await people.InsertAsync(NewPerson(batch, i)));
            }

            await transaction.CommitAsync();
        }

        for (var i = 1; i < Rows; i++)
        {
            Assert.True(stored[i].Id > stored[i - 1].Id, $"row {i}: key {stored[i].Id} after {stored[i - 1].Id}");
        }

        Assert.Equal(Rows, await CountAsync(batch));
        var rows = await Database.QueryAsync<PersonRow>(
            "SELECT id, full_name, email, age FROM people WHERE email LIKE @pattern ORDER BY id", new { pattern = batch + "-%" });
        Assert.Equal(stored.Select(p => (p.Id, p.FullName, p.Email, p.Age)), rows.Select(r => (r.Id, r.FullName, r.Email, r.Age)));
        Assert.Contains(rows, r => r.Age is null);
    }

    [StoreFact]
    public async Task Batch_FailingRowInTheMiddle_RollsBackEverythingAndTheRetryLosesNothing()
    {
        var batch = Guid.NewGuid().ToString("N");
        await using (var transaction = await Database.BeginTransactionAsync())
        {
            var people = transaction.GetRepository<Person, long>();
            for (var i = 0; i < 50; i++)
            {
                await people.InsertAsync(NewPerson(batch, i));
            }

            // Row 50 repeats row 10's email, which is UNIQUE.
            var duplicate = NewPerson(batch, 50);
            duplicate.Email = $"{batch}-10@example.test";
            await Assert.ThrowsAsync<DuplicateKeyException>(async () => await people.InsertAsync(duplicate));
            await transaction.RollbackAsync();
        }

        Assert.Equal(0, await CountAsync(batch));

        await using (var transaction = await Database.BeginTransactionAsync())
        {
            var people = transaction.GetRepository<Person, long>();
            for (var i = 0; i < 100; i++)
            {
                await people.InsertAsync(NewPerson(batch, i));
            }

            await transaction.CommitAsync();
        }

        var rows = await Database.QueryAsync<PersonRow>(
            "SELECT id, full_name, email, age FROM people WHERE email LIKE @pattern ORDER BY id", new { pattern = batch + "-%" });
        Assert.Equal(Enumerable.Range(0, 100).Select(i => NewPerson(batch, i)).Select(p => (p.FullName, p.Email, p.Age)), rows.Select(r => (r.FullName, r.Email, r.Age)));
    }

    [StoreFact]
    public async Task Batch_FailingRowThenMore_KeepsTheOtherRowsWhole()
    {
        var batch = Guid.NewGuid().ToString("N");
        await using (var transaction = await Database.BeginTransactionAsync())
        {
            var people = transaction.GetRepository<Person, long>();
            await people.InsertAsync(NewPerson(batch, 0));
            var orphan = NewPerson(batch, 1);
            orphan.TeamId = long.MaxValue;
            await Assert.ThrowsAsync<ConstraintViolationException>(async () => await people.InsertAsync(orphan));
            if (Database.Database == SqlDatabaseKind.Postgres)
            {
                // PostgreSQL aborts the whole transaction on an error; the others undo only the statement.
                return;
            }

            await people.InsertAsync(NewPerson(batch, 2));
            await transaction.CommitAsync();
        }

        var rows = await Database.QueryAsync<PersonRow>(
            "SELECT id, full_name, email, age FROM people WHERE email LIKE @pattern ORDER BY id", new { pattern = batch + "-%" });
        Assert.Equal([$"{batch} 0", $"{batch} 2"], rows.Select(r => r.FullName));
        Assert.Equal([$"{batch}-0@example.test", $"{batch}-2@example.test"], rows.Select(r => r.Email));
    }

    [StoreFact]
    public async Task Batch_SqlMetacharactersInValues_AreStoredAsText()
    {
        var batch = Guid.NewGuid().ToString("N");
        string[] names =
        [
            "Robert'); DROP TABLE people;--",
            "\"quoted\" and 'single'",
            @"back\slash \' \"" \\",
            "100% _under_ [bracket]",
            "@p0 @p1 :name $1 ? ?1",
            "/* comment */ -- line",
            "semi;colon; RETURNING id",
            "ünïcødé 𝄞 ✓",
        ];
        var stored = new List<Person>();
        await using (var transaction = await Database.BeginTransactionAsync())
        {
            var people = transaction.GetRepository<Person, long>();
            for (var i = 0; i < names.Length; i++)
            {
                stored.Add(await people.InsertAsync(new Person { FullName = names[i], Email = $"{batch}-{i}@example.test" }));
            }

            await transaction.CommitAsync();
        }

        var repository = Database.GetRepository<Person, long>();
        for (var i = 0; i < names.Length; i++)
        {
            var read = await repository.GetAsync(stored[i].Id);
            Assert.Equal(names[i], read?.FullName);
        }

        Assert.Equal(names.Length, await CountAsync(batch));
    }

    [StoreFact]
    public async Task Insert_KeySetByTheCaller_IsKeptBesideGeneratedOnes()
    {
        var batch = Guid.NewGuid().ToString("N");
        var chosen = 4_000_000_000L + Random.Shared.Next(1, 1_000_000_000);
        await using (var transaction = await Database.BeginTransactionAsync())
        {
            var people = transaction.GetRepository<Person, long>();
            var generated = await people.InsertAsync(NewPerson(batch, 0));
            var explicitKey = NewPerson(batch, 1);
            explicitKey.Id = chosen;
            var kept = await people.InsertAsync(explicitKey);
            Assert.Equal(chosen, kept.Id);
            Assert.NotEqual(chosen, generated.Id);
            await transaction.CommitAsync();
        }

        var read = await Database.GetRepository<Person, long>().GetAsync(chosen);
        Assert.Equal($"{batch} 1", read?.FullName);
    }

    [StoreFact]
    public async Task Batch_EveryMemberType_RoundTripsThroughGetAndPage()
    {
        var marker = Guid.NewGuid();
        GeneratedRow[] rows =
        [
            new()
            {
                NullableInt = -42, NullableText = "it's \"x\"", Status = ContractStatus.Archived, MaybeStatus = ContractStatus.Active,
                At = new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.FromHours(-7)).AddTicks(1_234_560),
                MaybeAt = new DateTimeOffset(1999, 12, 31, 0, 0, 0, TimeSpan.FromMinutes(330)), Amount = -12345.6789012345m,
                MaybeAmount = 0.0000000001m, Blob = [0, 1, 254, 255], Flag = true, Ratio = -0.125, Ref = marker, Day = new DateOnly(2024, 2, 29),
            },
            new() { Status = ContractStatus.Draft, At = DateTimeOffset.UnixEpoch, Amount = 0m, Ref = marker, Day = DateOnly.MinValue.AddDays(1) },
        ];
        var stored = new List<GeneratedRow>();
        await using (var transaction = await Database.BeginTransactionAsync())
        {
            var repository = transaction.GetRepository<GeneratedRow, long>();
            foreach (var row in rows)
            {
                stored.Add(await repository.InsertAsync(row));
            }

            await transaction.CommitAsync();
        }

        var generated = Database.GetRepository<GeneratedRow, long>();
        var page = await generated.QueryAsync(new StorageQuery().Where("Ref", FilterOperator.Equal, marker).OrderBy("Id").Take(1));
        var next = await generated.QueryAsync(new StorageQuery().Where("Ref", FilterOperator.Equal, marker).OrderBy("Id").Take(1).StartAfter(page.NextCursor));
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(1, stored[i].Version);
            Assert.Equal(0, rows[i].Id);
            var read = await generated.GetAsync(stored[i].Id);
            foreach (var copy in new[] { read!, (i == 0 ? page : next).Items.Single() })
            {
                Assert.Equal(stored[i].Id, copy.Id);
                Assert.Equal(
                    (rows[i].NullableInt, rows[i].NullableText, rows[i].Status, rows[i].MaybeStatus, rows[i].At, rows[i].MaybeAt, rows[i].Amount, rows[i].MaybeAmount),
                    (copy.NullableInt, copy.NullableText, copy.Status, copy.MaybeStatus, copy.At, copy.MaybeAt, copy.Amount, copy.MaybeAmount));
                Assert.Equal((rows[i].Flag, rows[i].Ratio, rows[i].Ref, rows[i].Day, 1L), (copy.Flag, copy.Ratio, copy.Ref, copy.Day, copy.Version));
                Assert.Equal(rows[i].Blob, copy.Blob);
            }
        }

        Assert.Null(next.NextCursor);
    }

    [StoreFact]
    public async Task Insert_Cancelled_WritesNothing()
    {
        var batch = Guid.NewGuid().ToString("N");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await Database.GetRepository<Person, long>().InsertAsync(NewPerson(batch, 0), cancelled.Token));

        Assert.Equal(0, await CountAsync(batch));
    }
}

public sealed class SqliteBatchInsertTests(SqliteFeatureFixture fixture) : SqlBatchInsertTests<SqliteFeatureFixture>(fixture);

[RequiresEnvironmentVariable(PostgresFactAttribute.Variable)]
public sealed class PostgresBatchInsertTests(PostgresFeatureFixture fixture) : SqlBatchInsertTests<PostgresFeatureFixture>(fixture);

[RequiresEnvironmentVariable(MySqlFactAttribute.Variable)]
public sealed class MySqlBatchInsertTests(MySqlFeatureFixture fixture) : SqlBatchInsertTests<MySqlFeatureFixture>(fixture);
