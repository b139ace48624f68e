using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

/// <summary>The SQL API, mapping edge cases and database errors, run on each relational database.</summary>
public abstract class SqlFeatureTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : SqlFeatureFixture
{
    protected ISqlDatabase Database => fixture.Database;

    private static string NewEmail() => Guid.NewGuid().ToString("N") + "@example.test";

    private async Task<long> InsertPersonAsync(string fullName, int? age = null, string? email = null)
    {
        var person = await Database.GetRepository<Person, long>().InsertAsync(new Person { FullName = fullName, Email = email ?? NewEmail(), Age = age });
        return person.Id;
    }

    [StoreFact]
    public async Task Query_RecordWithConstructor_MapsSnakeCaseColumns()
    {
        var id = await InsertPersonAsync("Ada Lovelace", 36);

        var rows = await Database.QueryAsync<PersonRow>("SELECT id, full_name, email, age FROM people WHERE id = @id", new { id });

        var row = Assert.Single(rows);
        Assert.Equal(id, row.Id);
        Assert.Equal("Ada Lovelace", row.FullName);
        Assert.Equal(36, row.Age);
    }

    [StoreFact]
    public async Task Query_ClassWithSetters_MapsColumnsAndNulls()
    {
        var id = await InsertPersonAsync("Grace Hopper");

        var view = await Database.QuerySingleAsync<PersonView>("SELECT id, full_name, age FROM people WHERE id = @id", new { id });

        Assert.Equal(id, view.Id);
        Assert.Equal("Grace Hopper", view.FullName);
        Assert.Null(view.Age);
    }

    [StoreFact]
    public async Task QuerySingle_NoRowOrTwoRows_Throws()
    {
        var name = Guid.NewGuid().ToString("N");
        await InsertPersonAsync(name);
        await InsertPersonAsync(name);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Database.QuerySingleAsync<PersonRow>("SELECT id, full_name, email, age FROM people WHERE full_name = @name", new { name }));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Database.QuerySingleAsync<PersonRow>("SELECT id, full_name, email, age FROM people WHERE id = -1"));
    }

    [StoreFact]
    public async Task QueryFirstOrDefault_NoRow_ReturnsDefault()
    {
        var missing = -1L;

        var row = await Database.QueryFirstOrDefaultAsync<PersonRow>("SELECT id, full_name, email, age FROM people WHERE id = @missing", new { missing });
        var scalar = await Database.QueryFirstOrDefaultAsync<long>("SELECT id FROM people WHERE id = @missing", new { missing });

        Assert.Null(row);
        Assert.Equal(0, scalar);
    }

    [StoreFact]
    public async Task ExecuteScalarAndExecute_UpdateRows_ReturnCountAndValue()
    {
        var name = Guid.NewGuid().ToString("N");
        await InsertPersonAsync(name, 1);
        await InsertPersonAsync(name, 2);

        var changed = await Database.ExecuteAsync("UPDATE people SET age = age + 10 WHERE full_name = @name", new { name });
        var sum = await Database.ExecuteScalarAsync<long>("SELECT SUM(age) FROM people WHERE full_name = @name", new { name });
        var none = await Database.ExecuteScalarAsync<int?>("SELECT age FROM people WHERE id = -1");

        Assert.Equal(2, changed);
        Assert.Equal(23, sum);
        Assert.Null(none);
    }

    [StoreFact]
    public async Task Stream_ManyRows_YieldsEachRowInOrder()
    {
        var name = Guid.NewGuid().ToString("N");
        for (var i = 0; i < 25; i++)
        {
            await InsertPersonAsync(name, i);
        }

        var ages = new List<int?>();
        await foreach (var row in Database.StreamAsync<PersonRow>("SELECT id, full_name, email, age FROM people WHERE full_name = @name ORDER BY age", new { name }))
        {
            ages.Add(row.Age);
        }

        Assert.Equal(Enumerable.Range(0, 25).Select(i => (int?)i), ages);
    }

    [StoreFact]
    public async Task Stream_CancelledMidway_StopsAndReleasesConnection()
    {
        var name = Guid.NewGuid().ToString("N");
        for (var i = 0; i < 5; i++)
        {
            await InsertPersonAsync(name, i);
        }

        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var row in Database.StreamAsync<long>("SELECT id FROM people WHERE full_name = @name", new { name }, cancellation.Token))
            {
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal(5, await Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people WHERE full_name = @name", new { name }));
    }

    [StoreFact]
    public async Task Execute_FailsAfterBeginningATransaction_PooledConnectionDoesNotKeepIt()
    {
        var email = NewEmail();
        await Assert.ThrowsAnyAsync<Exception>(async () => await Database.ExecuteAsync("BEGIN; SELECT no_such_column FROM people"));

        await Database.ExecuteAsync("INSERT INTO people (full_name, email, version) VALUES ('pooled', @email, 1)", new { email });
        var seenElsewhere = -1L;
        await foreach (var _ in Database.StreamAsync<long>("SELECT 1"))
        {
            // The stream holds the connection the insert used; the count runs on another one and sees only committed rows.
            seenElsewhere = await Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people WHERE email = @email", new { email });
        }

        Assert.Equal(1, seenElsewhere);
    }

    [StoreFact]
    public async Task Parameters_Dictionary_AreBound()
    {
        var name = Guid.NewGuid().ToString("N");
        await InsertPersonAsync(name, 5);

        var age = await Database.ExecuteScalarAsync<int>(
            "SELECT age FROM people WHERE full_name = @name", new Dictionary<string, object?> { ["@name"] = name });

        Assert.Equal(5, age);
    }

    [StoreFact]
    public async Task Parameters_InvalidName_ThrowsArgumentException()
    {
        var parameters = new Dictionary<string, object?> { ["x); DROP TABLE people; --"] = 1 };

        await Assert.ThrowsAsync<ArgumentException>(async () => await Database.ExecuteAsync("SELECT 1", parameters));

        Assert.True(await Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people") >= 0);
    }

    [StoreFact]
    public async Task InList_Values_ExpandsToOneParameterEach()
    {
        var a = await InsertPersonAsync("in-a");
        var b = await InsertPersonAsync("in-b");
        await InsertPersonAsync("in-c");

        var ids = await Database.QueryAsync<long>("SELECT id FROM people WHERE id IN (@ids) ORDER BY id", new { ids = new[] { a, b, -5L } });

        Assert.Equal([a, b], ids);
    }

    [StoreFact]
    public async Task InList_Empty_MatchesNothing()
    {
        await InsertPersonAsync("in-empty");

        var ids = await Database.QueryAsync<long>("SELECT id FROM people WHERE id IN (@ids)", new { ids = Array.Empty<long>() });

        Assert.Empty(ids);
    }

    [StoreTheory]
    [InlineData("'; DROP TABLE people; --")]
    [InlineData("\"; DELETE FROM people; --")]
    [InlineData("@name")]
    [InlineData("?")]
    [InlineData("$1")]
    [InlineData("😀 ünïcödé ✓")]
    [InlineData("line\nbreak\ttab\\backslash")]
    public async Task Parameters_SqlMetacharacters_AreStoredAsData(string hostile)
    {
        var email = hostile + NewEmail();

        await Database.ExecuteAsync("INSERT INTO people (full_name, email, version) VALUES (@name, @email, 1)", new { name = hostile, email });
        var read = await Database.QuerySingleAsync<PersonRow>("SELECT id, full_name, email, age FROM people WHERE email = @email", new { email });
        var viaRepository = await Database.GetRepository<Person, long>().QueryAsync(new StorageQuery().Where(nameof(Person.Email), email));

        Assert.Equal(hostile, read.FullName);
        Assert.Equal(hostile, Assert.Single(viaRepository.Items).FullName);
        Assert.True(await Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people") > 0);
    }

    [StoreFact]
    public async Task Parameters_OneMegabyteString_RoundTrips()
    {
        var large = string.Concat(Enumerable.Repeat("0123456789'\"", 90_000));

        var id = await InsertPersonAsync(large);

        Assert.Equal(large, await Database.ExecuteScalarAsync<string>("SELECT full_name FROM people WHERE id = @id", new { id }));
    }

    [StoreFact]
    public async Task Parameters_NulCharacter_IsDataOrATypedRefusal()
    {
        var withNul = "before\0after";

        if (Database.Database == SqlDatabaseKind.Postgres)
        {
            // PostgreSQL text cannot hold NUL: a typed refusal, and nothing stored.
            var error = await Assert.ThrowsAsync<ConstraintViolationException>(async () => await InsertPersonAsync(withNul));
            Assert.Equal(StorageErrorKind.ConstraintViolation, error.Kind);
            Assert.Equal(0, await Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people WHERE full_name LIKE 'before%'"));
        }
        else
        {
            var id = await InsertPersonAsync(withNul);
            Assert.Equal(withNul, await Database.ExecuteScalarAsync<string>("SELECT full_name FROM people WHERE id = @id", new { id }));
        }
    }

    [StoreFact]
    public async Task Insert_DuplicateUniqueField_ThrowsDuplicateKey()
    {
        var email = NewEmail();
        var people = Database.GetRepository<Person, long>();
        await people.InsertAsync(new Person { FullName = "first", Email = email });

        var viaRepository = await Assert.ThrowsAsync<DuplicateKeyException>(async () => await people.InsertAsync(new Person { FullName = "second", Email = email }));
        var viaSql = await Assert.ThrowsAsync<DuplicateKeyException>(async () =>
            await Database.ExecuteAsync("INSERT INTO people (full_name, email, version) VALUES ('x', @email, 1)", new { email }));

        Assert.DoesNotContain(email, viaRepository.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(email, viaSql.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Insert_MissingForeignKey_ThrowsConstraintViolation()
    {
        var person = new Person { FullName = "orphan", Email = NewEmail(), TeamId = 987_654_321 };

        var error = await Assert.ThrowsAsync<ConstraintViolationException>(async () => await Database.GetRepository<Person, long>().InsertAsync(person));

        Assert.Equal(StorageErrorKind.ConstraintViolation, error.Kind);
    }

    [StoreFact]
    public async Task Query_NullIntoNonNullableMember_ThrowsClearError()
    {
        var id = await InsertPersonAsync("no age");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await Database.QuerySingleAsync<int>("SELECT age FROM people WHERE id = @id", new { id }));

        Assert.Contains("age", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Transaction_Commit_PersistsSqlAndRepositoryChanges()
    {
        var name = Guid.NewGuid().ToString("N");

        await using (var transaction = await Database.BeginTransactionAsync())
        {
            var team = await transaction.GetRepository<Team, long>().InsertAsync(new Team { Name = name });
            await transaction.ExecuteAsync("INSERT INTO people (full_name, email, team_id, version) VALUES (@name, @email, @team, 1)", new { name, email = NewEmail(), team = team.Id });
            await transaction.CommitAsync();
        }

        Assert.Equal(1, await Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people p JOIN teams t ON t.id = p.team_id WHERE t.name = @name", new { name }));
    }

    [StoreFact]
    public async Task Transaction_Rollback_DiscardsSqlAndRepositoryChanges()
    {
        var name = Guid.NewGuid().ToString("N");

        await using (var transaction = await Database.BeginTransactionAsync())
        {
            await transaction.GetRepository<Team, long>().InsertAsync(new Team { Name = name });
            await transaction.ExecuteAsync("INSERT INTO people (full_name, email, version) VALUES (@name, @email, 1)", new { name, email = NewEmail() });
            Assert.Equal(1, await transaction.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM teams WHERE name = @name", new { name }));
            await transaction.RollbackAsync();
        }

        Assert.Equal(0, await Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM teams WHERE name = @name", new { name }));
        Assert.Equal(0, await Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people WHERE full_name = @name", new { name }));
    }

    [StoreFact]
    public async Task Query_CancelledToken_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Database.QueryAsync<long>("SELECT id FROM people", cancellationToken: cancellation.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Database.GetRepository<Person, long>().GetAsync(1, cancellation.Token));
    }

    [StoreFact]
    public async Task Repository_EveryMappedType_RoundTrips()
    {
        var entity = new MappedEntity
        {
            NullableInt = -42,
            NullableText = "text",
            Status = ContractStatus.Archived,
            MaybeStatus = ContractStatus.Active,
            At = new DateTimeOffset(2030, 12, 31, 23, 59, 58, TimeSpan.FromHours(-7)).AddTicks(1_234_560),
            MaybeAt = DateTimeOffset.UnixEpoch,
            Amount = 123456789012345678.0123456789m,
            MaybeAmount = -0.0000000001m,
            Blob = [0, 1, 2, 255, 0],
            Flag = true,
            Ratio = Math.PI,
            Big = long.MinValue + 1,
            Ref = Guid.NewGuid(),
            Day = new DateOnly(1999, 2, 28),
        };
        var repository = Database.GetRepository<MappedEntity, Guid>();

        var stored = await repository.InsertAsync(entity);
        var read = await repository.GetAsync(stored.Id);

        Assert.NotNull(read);
        Assert.Equal(entity.NullableInt, read.NullableInt);
        Assert.Equal(entity.NullableText, read.NullableText);
        Assert.Equal(entity.Status, read.Status);
        Assert.Equal(entity.MaybeStatus, read.MaybeStatus);
        Assert.Equal(entity.At, read.At);
        Assert.Equal(entity.MaybeAt, read.MaybeAt);
        Assert.Equal(entity.Amount, read.Amount);
        Assert.Equal(entity.MaybeAmount, read.MaybeAmount);
        Assert.Equal(entity.Blob, read.Blob);
        Assert.True(read.Flag);
        Assert.Equal(entity.Ratio, read.Ratio);
        Assert.Equal(entity.Big, read.Big);
        Assert.Equal(entity.Ref, read.Ref);
        Assert.Equal(entity.Day, read.Day);
    }

    [StoreFact]
    public async Task Repository_NullsInNullableMembers_RoundTrip()
    {
        var repository = Database.GetRepository<MappedEntity, Guid>();

        var stored = await repository.InsertAsync(new MappedEntity { At = DateTimeOffset.UnixEpoch, Day = DateOnly.MinValue });
        var read = await repository.GetAsync(stored.Id);

        Assert.NotNull(read);
        Assert.Null(read.NullableInt);
        Assert.Null(read.NullableText);
        Assert.Null(read.MaybeStatus);
        Assert.Null(read.MaybeAt);
        Assert.Null(read.MaybeAmount);
        Assert.Null(read.Blob);
        Assert.False(read.Flag);
    }

    [StoreFact]
    public async Task Query_FiltersOnGuidDateAndDecimal_CompareByValue()
    {
        var reference = Guid.NewGuid();
        var repository = Database.GetRepository<MappedEntity, Guid>();
        foreach (var amount in new[] { 9.5m, 10m, 100.25m })
        {
            await repository.InsertAsync(new MappedEntity { Ref = reference, Amount = amount, At = DateTimeOffset.UnixEpoch, Day = new DateOnly(2020, 1, 1) });
        }

        var page = await repository.QueryAsync(new StorageQuery()
            .Where(nameof(MappedEntity.Ref), reference.ToString())
            .Where(nameof(MappedEntity.Amount), FilterOperator.GreaterThanOrEqual, 10m)
            .Where(nameof(MappedEntity.Day), new DateOnly(2020, 1, 1))
            .OrderByDescending(nameof(MappedEntity.Amount)));

        Assert.Equal([100.25m, 10m], page.Items.Select(i => i.Amount));
    }

    [StoreFact]
    public async Task Get_TableMissing_ThrowsSchemaMismatchNamingTableAndMigration()
    {
        var error = await Assert.ThrowsAsync<SchemaMismatchException>(async () => await Database.GetRepository<Unmigrated, long>().GetAsync(1));

        Assert.Equal("unmigrated", error.TableName);
        Assert.Contains("'unmigrated'", error.Message, StringComparison.Ordinal);
        Assert.Contains("migration", error.Message, StringComparison.Ordinal);
        Assert.Equal(StorageErrorKind.Unavailable, error.Kind);
    }

    [StoreFact]
    public async Task Insert_ColumnMissing_ThrowsSchemaMismatchNamingTheColumn()
    {
        var error = await Assert.ThrowsAsync<SchemaMismatchException>(async () =>
            await Database.GetRepository<TeamWithMotto, long>().InsertAsync(new TeamWithMotto { Name = "n", Motto = "m" }));

        Assert.Equal("motto", error.ColumnName);
        Assert.Contains("'motto'", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task InList_OverTheParameterCap_ThrowsInvalidQueryNamingTheCap()
    {
        var ids = Enumerable.Range(1, 40_000).Select(i => (long)i).ToArray();

        var error = await Assert.ThrowsAsync<InvalidQueryException>(async () =>
            await Database.QueryAsync<long>("SELECT id FROM people WHERE id IN (@ids)", new { ids }));

        Assert.Contains(SqlStorageDefaults.MaxParameters.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("40000", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task InList_AtTheParameterCap_Runs()
    {
        var id = await InsertPersonAsync("capped");
        var ids = Enumerable.Range(0, SqlStorageDefaults.MaxParameters).Select(i => i == 0 ? id : -i).ToArray();

        var found = await Database.QueryAsync<long>("SELECT id FROM people WHERE id IN (@ids)", new { ids });

        Assert.Equal([id], found);
    }

    [StoreFact]
    public async Task Query_NulCharacterInFilterValue_IsBadRequestOrNoMatch()
    {
        var name = "nul-" + Guid.NewGuid().ToString("N");
        await InsertPersonAsync(name);
        var query = new StorageQuery().Where(nameof(Person.FullName), name + "\0");

        if (Database.Database == SqlDatabaseKind.Postgres)
        {
            var error = await Assert.ThrowsAsync<InvalidQueryException>(async () => await Database.GetRepository<Person, long>().QueryAsync(query));
            Assert.Contains("NUL", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty((await Database.GetRepository<Person, long>().QueryAsync(query)).Items);
        }
    }
}
