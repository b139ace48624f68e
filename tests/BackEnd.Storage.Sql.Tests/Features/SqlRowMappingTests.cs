using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

/// <summary>The compiled row readers of the SQL API and the repository: typed reads, conversions and their errors, on each database.</summary>
public abstract class SqlRowMappingTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : SqlFeatureFixture
{
    private const string MappedColumns = "id, nullable_int, nullable_text, status, maybe_status, at, maybe_at, amount, maybe_amount, flag, ratio, big, ref, day";

    protected ISqlDatabase Database => fixture.Database;

    [StoreFact]
    public async Task Query_EveryColumnTypeIntoRecordAndSetters_MatchesTheRepository()
    {
        var stored = await Database.GetRepository<MappedEntity, Guid>().InsertAsync(new MappedEntity
        {
            NullableInt = -42,
            Status = ContractStatus.Archived,
            MaybeStatus = ContractStatus.Active,
            At = new DateTimeOffset(2030, 12, 31, 23, 59, 58, TimeSpan.FromHours(-7)).AddTicks(1_234_560),
            Amount = 123456789012345678.0123456789m,
            MaybeAmount = -0.0000000001m,
            Flag = true,
            Ratio = Math.PI,
            Big = long.MinValue + 1,
            Ref = Guid.NewGuid(),
            Day = new DateOnly(1999, 2, 28),
        });

        var record = await Database.QuerySingleAsync<MappedRecord>($"SELECT {MappedColumns} FROM mapped WHERE id = @id", new { id = stored.Id });
        var view = await Database.QuerySingleAsync<MappedView>($"SELECT {MappedColumns} FROM mapped WHERE id = @id", new { id = stored.Id });
        var entity = await Database.GetRepository<MappedEntity, Guid>().GetAsync(stored.Id);

        Assert.NotNull(entity);
        var expected = new MappedRecord(
            stored.Id, -42, null, ContractStatus.Archived, ContractStatus.Active, stored.At, null, stored.Amount, stored.MaybeAmount, true, Math.PI,
            long.MinValue + 1, stored.Ref, stored.Day);
        Assert.Equal(expected, record);
        Assert.Equal(expected, new MappedRecord(
            view.Id, view.NullableInt, view.NullableText, view.Status, view.MaybeStatus, view.At, view.MaybeAt, view.Amount, view.MaybeAmount, view.Flag,
            view.Ratio, view.Big, view.Ref, view.Day));
        Assert.Equal(expected, new MappedRecord(
            entity.Id, entity.NullableInt, entity.NullableText, entity.Status, entity.MaybeStatus, entity.At, entity.MaybeAt, entity.Amount, entity.MaybeAmount,
            entity.Flag, entity.Ratio, entity.Big, entity.Ref, entity.Day));
        Assert.Equal(TimeSpan.Zero, record.At.Offset);
    }

    [StoreFact]
    public async Task Query_TextIntoNumberMember_ThrowsFormatException()
    {
        var query = Database.QuerySingleAsync<NumberRow>("SELECT 'abc' AS n");

        await Assert.ThrowsAsync<FormatException>(async () => await query);
    }

    [StoreFact]
    public async Task Query_NumberBeyondIntMember_ThrowsOverflowInsteadOfTruncating()
    {
        await Assert.ThrowsAsync<OverflowException>(async () => await Database.QuerySingleAsync<SmallNumberRow>("SELECT 3000000000 AS n"));
        await Assert.ThrowsAsync<OverflowException>(async () => await Database.QuerySingleAsync<int>("SELECT 3000000000 AS n"));
        Assert.Equal(-2_000_000_000, (await Database.QuerySingleAsync<SmallNumberRow>("SELECT -2000000000 AS n")).N);
    }

    [StoreFact]
    public async Task Query_NullIntoNonNullableMember_NamesColumnAndType()
    {
        var record = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Database.QuerySingleAsync<SmallNumberRow>("SELECT NULL AS n"));
        var setter = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Database.QuerySingleAsync<CountView>("SELECT NULL AS total"));

        Assert.Equal("The column 'n' is NULL but the member of SmallNumberRow it maps to is not nullable.", record.Message);
        Assert.Equal("The column 'total' is NULL but the member of CountView it maps to is not nullable.", setter.Message);
    }

    [StoreFact]
    public async Task Get_NullColumnIntoNonNullableEntityMember_NamesColumnAndMember()
    {
        var repository = Database.GetRepository<MappedEntity, Guid>();
        var noNumber = await repository.InsertAsync(new MappedEntity { At = DateTimeOffset.UnixEpoch, MaybeAt = DateTimeOffset.UnixEpoch, Day = DateOnly.MinValue });
        var noInstant = await repository.InsertAsync(new MappedEntity { At = DateTimeOffset.UnixEpoch, NullableInt = 5, Day = DateOnly.MinValue });
        var complete = await repository.InsertAsync(new MappedEntity { At = DateTimeOffset.UnixEpoch, NullableInt = 6, MaybeAt = DateTimeOffset.UnixEpoch, Day = DateOnly.MinValue });
        var strict = Database.GetRepository<StrictMapped, Guid>();

        var number = await Assert.ThrowsAsync<InvalidOperationException>(async () => await strict.GetAsync(noNumber.Id));
        var instant = await Assert.ThrowsAsync<InvalidOperationException>(async () => await strict.GetAsync(noInstant.Id));
        var read = await strict.GetAsync(complete.Id);

        Assert.Equal("The column 'nullable_int' is NULL but StrictMapped.Number is not nullable.", number.Message);
        Assert.Equal("The column 'maybe_at' is NULL but StrictMapped.When is not nullable.", instant.Message);
        Assert.Equal(6, read?.Number);
        Assert.Equal(DateTimeOffset.UnixEpoch, read?.When);
    }

    [StoreFact]
    public async Task QueryPage_NullColumnIntoNonNullableEntityMember_NamesColumnAndMemberAndLaterPagesStillRead()
    {
        var repository = Database.GetRepository<MappedEntity, Guid>();
        var noNumber = await repository.InsertAsync(new MappedEntity { At = DateTimeOffset.UnixEpoch, MaybeAt = DateTimeOffset.UnixEpoch, Day = DateOnly.MinValue });
        var complete = await repository.InsertAsync(new MappedEntity { At = DateTimeOffset.UnixEpoch, NullableInt = 7, MaybeAt = DateTimeOffset.UnixEpoch.AddDays(1), Day = DateOnly.MinValue });
        var strict = Database.GetRepository<StrictMapped, Guid>();
        StorageQuery ById(Guid id) => new StorageQuery().Where("Id", FilterOperator.Equal, id);

        var before = await strict.QueryAsync(ById(complete.Id));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await strict.QueryAsync(ById(noNumber.Id)));
        var after = await strict.QueryAsync(ById(complete.Id));

        Assert.Equal("The column 'nullable_int' is NULL but StrictMapped.Number is not nullable.", error.Message);
        foreach (var page in new[] { before, after })
        {
            var row = Assert.Single(page.Items);
            Assert.Equal((7, DateTimeOffset.UnixEpoch.AddDays(1)), (row.Number, row.When));
        }
    }

    [StoreFact]
    public async Task Query_UnknownColumnsAndMembersWithoutColumn_AreIgnored()
    {
        var view = await Database.QuerySingleAsync<PersonView>("SELECT 7 AS id, 'x' AS full_name, 'surplus' AS not_a_member, 1 AS another_one");

        Assert.Equal(7, view.Id);
        Assert.Equal("x", view.FullName);
        Assert.Null(view.Age);
    }

    [StoreFact]
    public async Task Query_EnumsFromNumbersAndNames_Map()
    {
        var byNumber = await Database.QuerySingleAsync<StatusRow>("SELECT 7 AS status, NULL AS maybe_status");
        var byName = await Database.QuerySingleAsync<StatusRow>("SELECT 'archived' AS status, 1 AS maybe_status");
        var scalar = await Database.QuerySingleAsync<ContractStatus>("SELECT 1");

        Assert.Equal(new StatusRow(ContractStatus.Archived, null), byNumber);
        Assert.Equal(new StatusRow(ContractStatus.Archived, ContractStatus.Active), byName);
        Assert.Equal(ContractStatus.Active, scalar);
    }

    [StoreFact]
    public async Task Query_JsonThatDoesNotReadAsTheMember_NamesColumnAndMember()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await Database.QuerySingleAsync<ProfileRow>("SELECT 'p' AS id, 'not json' AS settings"));

        Assert.Equal("The column 'settings' does not hold JSON that reads as the ProfileSettings member of ProfileRow.", error.Message);
    }

    [StoreTheory]
    [InlineData("'; DROP TABLE people; --")]
    [InlineData("\" OR 1=1 --")]
    [InlineData("@v")]
    [InlineData("$1 ? :n")]
    [InlineData("😀 ünïcödé ✓\\")]
    public async Task Query_SqlMetacharactersInBoundValues_ReadBackAsData(string hostile)
    {
        var row = await Database.QuerySingleAsync<EchoRow>("SELECT @text AS text, @number AS number", new { text = hostile, number = 5_000_000_000L });
        var scalars = await Database.QueryAsync<string>("SELECT @text", new { text = hostile });

        Assert.Equal(new EchoRow(hostile, 5_000_000_000L), row);
        Assert.Equal(hostile, Assert.Single(scalars));
    }

    public sealed record MappedRecord(
        Guid Id, int? NullableInt, string? NullableText, ContractStatus Status, ContractStatus? MaybeStatus, DateTimeOffset At, DateTimeOffset? MaybeAt,
        decimal Amount, decimal? MaybeAmount, bool Flag, double Ratio, long Big, Guid Ref, DateOnly Day);

    public sealed class MappedView
    {
        public Guid Id { get; set; }

        public int? NullableInt { get; set; }

        public string? NullableText { get; set; }

        public ContractStatus Status { get; set; }

        public ContractStatus? MaybeStatus { get; set; }

        public DateTimeOffset At { get; set; }

        public DateTimeOffset? MaybeAt { get; set; }

        public decimal Amount { get; set; }

        public decimal? MaybeAmount { get; set; }

        public bool Flag { get; set; }

        public double Ratio { get; set; }

        public long Big { get; set; }

        public Guid Ref { get; set; }

        public DateOnly Day { get; set; }
    }

    public sealed record NumberRow(long N);

    public sealed record SmallNumberRow(int N);

    public sealed class CountView
    {
        public long Total { get; set; }
    }

    public sealed record StatusRow(ContractStatus Status, ContractStatus? MaybeStatus);

    public sealed record EchoRow(string Text, long Number);
}
