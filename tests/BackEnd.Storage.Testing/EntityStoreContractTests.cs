using Xunit;

namespace BackEnd.Storage.Testing;

/// <summary>
/// The behaviour every <see cref="IEntityStore"/> provider must have. A provider's test project runs it with one sealed subclass
/// per database, e.g. <c>public sealed class SqliteContractTests(SqliteFixture f) : EntityStoreContractTests&lt;SqliteFixture&gt;(f)</c>.
/// </summary>
/// <remarks>Tests share the fixture's store, so each test works in its own category or key space and never counts others' rows.</remarks>
/// <typeparam name="TFixture">Creates the store and its tables once per test class.</typeparam>
public abstract class EntityStoreContractTests<TFixture> : IClassFixture<TFixture>
    where TFixture : class, IEntityStoreFixture
{
    private static readonly DateTimeOffset Moment = new(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2));

    protected EntityStoreContractTests(TFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        Fixture = fixture;
    }

    protected TFixture Fixture { get; }

    protected IEntityStore Store => Fixture.Store;

    protected IRepository<ContractItem, long> Items => Store.GetRepository<ContractItem, long>();

    protected IRepository<ContractTag, string> Tags => Store.GetRepository<ContractTag, string>();

    protected IRepository<ContractNote, Guid> Notes => Store.GetRepository<ContractNote, Guid>();

    protected static string NewCategory() => "c" + Guid.NewGuid().ToString("N");

    protected static ContractItem NewItem(string category, string name = "widget", int quantity = 1) => new()
    {
        Category = category,
        Name = name,
        Quantity = quantity,
        Price = 12.34m,
        CreatedAt = Moment,
        Status = ContractStatus.Active,
    };

    [StoreFact]
    public async Task Insert_IdentityKey_AssignsIdAndVersionOne()
    {
        var item = NewItem(NewCategory());

        var stored = await Items.InsertAsync(item);

        Assert.True(stored.Id > 0);
        Assert.Equal(1, stored.Version);
        Assert.Equal(0, item.Id);
        Assert.NotSame(item, stored);
    }

    [StoreFact]
    public async Task Insert_TwoEntities_AssignsDistinctIds()
    {
        var category = NewCategory();

        var first = await Items.InsertAsync(NewItem(category));
        var second = await Items.InsertAsync(NewItem(category));

        Assert.NotEqual(first.Id, second.Id);
    }

    [StoreFact]
    public async Task Insert_EmptyGuidKey_AssignsGuid()
    {
        var note = new ContractNote(Guid.Empty, "hello", [1, 2, 3], 0);

        var stored = await Notes.InsertAsync(note);

        Assert.NotEqual(Guid.Empty, stored.Id);
        Assert.Equal(1, stored.Version);
        var read = await Notes.GetAsync(stored.Id);
        Assert.NotNull(read);
        Assert.Equal("hello", read.Text);
        Assert.Equal(new byte[] { 1, 2, 3 }, read.Payload);
    }

    [StoreFact]
    public async Task Insert_StringKey_KeepsKey()
    {
        var code = "t-" + Guid.NewGuid().ToString("N");

        var stored = await Tags.InsertAsync(new ContractTag { Code = code, Label = "Label" });

        Assert.Equal(code, stored.Code);
        Assert.Equal("Label", (await Tags.GetAsync(code))?.Label);
    }

    [StoreFact]
    public async Task Insert_DuplicateStringKey_ThrowsDuplicateKey()
    {
        var code = "t-" + Guid.NewGuid().ToString("N");
        await Tags.InsertAsync(new ContractTag { Code = code, Label = "first" });

        var error = await Assert.ThrowsAsync<DuplicateKeyException>(async () => await Tags.InsertAsync(new ContractTag { Code = code, Label = "second" }));

        Assert.Equal(StorageErrorKind.DuplicateKey, error.Kind);
        Assert.Equal("first", (await Tags.GetAsync(code))?.Label);
    }

    [StoreFact]
    public async Task Get_MissingKey_ReturnsNull()
    {
        var missing = long.MaxValue - 1;

        var read = await Items.GetAsync(missing);

        Assert.Null(read);
    }

    [StoreFact]
    public async Task Get_Inserted_RoundTripsEveryMember()
    {
        var item = NewItem(NewCategory(), "gadget", 42);
        item.Price = 98765432109876.54321m;
        item.Status = ContractStatus.Archived;
        item.Note = "a note";

        var stored = await Items.InsertAsync(item);
        var read = await Items.GetAsync(stored.Id);

        Assert.NotNull(read);
        Assert.Equal(stored.Id, read.Id);
        Assert.Equal(item.Category, read.Category);
        Assert.Equal("gadget", read.Name);
        Assert.Equal(42, read.Quantity);
        Assert.Equal(98765432109876.54321m, read.Price);
        Assert.Equal(Moment, read.CreatedAt);
        Assert.Equal(ContractStatus.Archived, read.Status);
        Assert.Equal("a note", read.Note);
        Assert.Equal(1, read.Version);
    }

    [StoreFact]
    public async Task Update_CurrentVersion_StoresAndIncrementsVersion()
    {
        var stored = await Items.InsertAsync(NewItem(NewCategory()));
        stored.Name = "renamed";
        stored.Note = null;

        var updated = await Items.UpdateAsync(stored);

        Assert.Equal(2, updated.Version);
        Assert.Equal(1, stored.Version);
        var read = await Items.GetAsync(stored.Id);
        Assert.Equal("renamed", read?.Name);
        Assert.Equal(2, read?.Version);
    }

    [StoreFact]
    public async Task Update_StaleVersion_ThrowsConflictAndKeepsStoredValue()
    {
        var stored = await Items.InsertAsync(NewItem(NewCategory()));
        var first = await Items.GetAsync(stored.Id);
        var second = await Items.GetAsync(stored.Id);
        first!.Name = "first writer";
        await Items.UpdateAsync(first);
        second!.Name = "second writer";

        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Items.UpdateAsync(second));

        Assert.Equal(StorageErrorKind.Conflict, error.Kind);
        Assert.Equal("first writer", (await Items.GetAsync(stored.Id))?.Name);
    }

    [StoreFact]
    public async Task Update_MissingKey_ThrowsNotFound()
    {
        var ghost = NewItem(NewCategory());
        ghost.Id = long.MaxValue - 2;
        ghost.Version = 1;

        var error = await Assert.ThrowsAsync<EntityNotFoundException>(async () => await Items.UpdateAsync(ghost));

        Assert.Equal(StorageErrorKind.NotFound, error.Kind);
    }

    [StoreFact]
    public async Task Update_ImmutableRecord_ReturnsNewVersion()
    {
        var stored = await Notes.InsertAsync(new ContractNote(Guid.Empty, "v1", null, 0));

        var updated = await Notes.UpdateAsync(stored with { Text = "v2" });

        Assert.Equal(2, updated.Version);
        Assert.Equal("v2", (await Notes.GetAsync(stored.Id))?.Text);
    }

    [StoreFact]
    public async Task Delete_CurrentVersion_RemovesEntity()
    {
        var stored = await Items.InsertAsync(NewItem(NewCategory()));

        await Items.DeleteAsync(stored.Id, stored.Version);

        Assert.Null(await Items.GetAsync(stored.Id));
    }

    [StoreFact]
    public async Task Delete_StaleVersion_ThrowsConflictAndKeepsEntity()
    {
        var stored = await Items.InsertAsync(NewItem(NewCategory()));
        await Items.UpdateAsync(stored);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Items.DeleteAsync(stored.Id, stored.Version));

        Assert.NotNull(await Items.GetAsync(stored.Id));
    }

    [StoreFact]
    public async Task Delete_MissingKey_ThrowsNotFound()
    {
        var missing = "missing-" + Guid.NewGuid().ToString("N");

        var error = await Assert.ThrowsAsync<EntityNotFoundException>(async () => await Tags.DeleteAsync(missing, 1));

        Assert.Equal(StorageErrorKind.NotFound, error.Kind);
    }

    [StoreFact]
    public async Task Query_EqualityFilter_ReturnsOnlyMatches()
    {
        var category = NewCategory();
        await Items.InsertAsync(NewItem(category, "a"));
        await Items.InsertAsync(NewItem(category, "b"));
        await Items.InsertAsync(NewItem(NewCategory(), "a"));

        var page = await Items.QueryAsync(new StorageQuery().Where(nameof(ContractItem.Category), category).Where("name", "a"));

        var only = Assert.Single(page.Items);
        Assert.Equal("a", only.Name);
        Assert.Equal(category, only.Category);
        Assert.Null(page.NextCursor);
    }

    [StoreFact]
    public async Task Query_RangeFilters_ReturnsRowsInRange()
    {
        var category = NewCategory();
        for (var quantity = 1; quantity <= 10; quantity++)
        {
            await Items.InsertAsync(NewItem(category, "q", quantity));
        }

        var page = await Items.QueryAsync(new StorageQuery()
            .Where(nameof(ContractItem.Category), category)
            .Where(nameof(ContractItem.Quantity), FilterOperator.GreaterThan, 3)
            .Where(nameof(ContractItem.Quantity), FilterOperator.LessThanOrEqual, "7")
            .OrderBy(nameof(ContractItem.Quantity)));

        Assert.Equal([4, 5, 6, 7], page.Items.Select(i => i.Quantity));
    }

    [StoreFact]
    public async Task Query_NotEqualAndNullFilters_FollowNullSemantics()
    {
        var category = NewCategory();
        var withNote = NewItem(category, "with");
        withNote.Note = "x";
        await Items.InsertAsync(withNote);
        await Items.InsertAsync(NewItem(category, "without"));

        var nulls = await Items.QueryAsync(new StorageQuery().Where(nameof(ContractItem.Category), category).Where(nameof(ContractItem.Note), null));
        var notNulls = await Items.QueryAsync(new StorageQuery().Where(nameof(ContractItem.Category), category).Where(nameof(ContractItem.Note), FilterOperator.NotEqual, null));
        var notX = await Items.QueryAsync(new StorageQuery().Where(nameof(ContractItem.Category), category).Where(nameof(ContractItem.Note), FilterOperator.NotEqual, "x"));

        Assert.Equal("without", Assert.Single(nulls.Items).Name);
        Assert.Equal("with", Assert.Single(notNulls.Items).Name);
        Assert.Empty(notX.Items);
    }

    [StoreFact]
    public async Task Query_EnumAndDateFilters_CompareByValue()
    {
        var category = NewCategory();
        var old = NewItem(category, "old");
        old.CreatedAt = Moment.AddDays(-1);
        old.Status = ContractStatus.Archived;
        await Items.InsertAsync(old);
        await Items.InsertAsync(NewItem(category, "new"));

        var archived = await Items.QueryAsync(new StorageQuery().Where(nameof(ContractItem.Category), category).Where(nameof(ContractItem.Status), "Archived"));
        var recent = await Items.QueryAsync(new StorageQuery().Where(nameof(ContractItem.Category), category)
            .Where(nameof(ContractItem.CreatedAt), FilterOperator.GreaterThanOrEqual, Moment.ToOffset(TimeSpan.Zero)));

        Assert.Equal("old", Assert.Single(archived.Items).Name);
        Assert.Equal("new", Assert.Single(recent.Items).Name);
    }

    [StoreFact]
    public async Task Query_EqualIgnoreCase_MatchesOtherCase()
    {
        var category = NewCategory();
        await Items.InsertAsync(NewItem(category, "MiXeD"));

        var page = await Items.QueryAsync(new StorageQuery().Where(nameof(ContractItem.Category), category).Where(nameof(ContractItem.Name), FilterOperator.EqualIgnoreCase, "mixed"));

        Assert.Equal("MiXeD", Assert.Single(page.Items).Name);
    }

    [StoreFact]
    public async Task Query_SortByTwoFields_OrdersByBothThenKey()
    {
        var category = NewCategory();
        var b2 = await Items.InsertAsync(NewItem(category, "b", 2));
        var a1 = await Items.InsertAsync(NewItem(category, "a", 1));
        var b9 = await Items.InsertAsync(NewItem(category, "b", 9));
        var a1Again = await Items.InsertAsync(NewItem(category, "a", 1));

        var page = await Items.QueryAsync(new StorageQuery().Where(nameof(ContractItem.Category), category)
            .OrderBy(nameof(ContractItem.Name)).OrderByDescending(nameof(ContractItem.Quantity)));

        Assert.Equal([a1.Id, a1Again.Id, b9.Id, b2.Id], page.Items.Select(i => i.Id));
    }

    [StoreFact]
    public async Task Query_OffsetPaging_ReturnsRequestedSliceAndTotal()
    {
        var category = NewCategory();
        for (var quantity = 1; quantity <= 7; quantity++)
        {
            await Items.InsertAsync(NewItem(category, "p", quantity));
        }

        var page = await Items.QueryAsync(new StorageQuery().Where(nameof(ContractItem.Category), category)
            .OrderBy(nameof(ContractItem.Quantity)).Skip(2).Take(3).WithTotalCount());

        Assert.Equal([3, 4, 5], page.Items.Select(i => i.Quantity));
        Assert.Equal(7, page.TotalCount);
        Assert.NotNull(page.NextCursor);
    }

    [StoreTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Query_KeysetPaging_VisitsEveryRowOnceInOrder(bool descending)
    {
        var category = NewCategory();
        var expected = new List<long>();
        for (var i = 0; i < 11; i++)
        {
            var item = NewItem(category, "k", quantity: i % 3);
            item.Note = i % 4 == 0 ? null : "n" + (i % 2);
            expected.Add((await Items.InsertAsync(item)).Id);
        }

        var visited = new List<ContractItem>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var query = new StorageQuery().Where(nameof(ContractItem.Category), category).Take(4);
            query = cursor is null ? query : query.StartAfter(cursor);
            query = descending ? query.OrderByDescending(nameof(ContractItem.Note)).OrderBy(nameof(ContractItem.Quantity)) : query.OrderBy(nameof(ContractItem.Note)).OrderByDescending(nameof(ContractItem.Quantity));
            var page = await Items.QueryAsync(query);
            visited.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(expected.Order(), visited.Select(i => i.Id).Order());
        var all = await Items.QueryAsync(new StorageQuery().Where(nameof(ContractItem.Category), category)
            .OrderBy(nameof(ContractItem.Id)));
        var sorted = descending
            ? all.Items.OrderByDescending(i => i.Note, StringComparer.Ordinal).ThenBy(i => i.Quantity).ThenBy(i => i.Id)
            : all.Items.OrderBy(i => i.Note, StringComparer.Ordinal).ThenByDescending(i => i.Quantity).ThenBy(i => i.Id);
        Assert.Equal(sorted.Select(i => i.Id), visited.Select(i => i.Id));
    }

    [StoreFact]
    public async Task Count_Filter_CountsMatches()
    {
        var category = NewCategory();
        for (var i = 0; i < 5; i++)
        {
            await Items.InsertAsync(NewItem(category, i < 2 ? "x" : "y"));
        }

        var count = await Items.CountAsync(new StorageQuery().Where(nameof(ContractItem.Category), category).Where(nameof(ContractItem.Name), "y"));

        Assert.Equal(3, count);
    }

    [StoreTheory]
    [InlineData("NoSuchField")]
    [InlineData("name; DROP TABLE contract_items; --")]
    [InlineData("Display")]
    [InlineData("\"name\"")]
    public async Task Query_UnknownOrUnmappedField_ThrowsInvalidQuery(string field)
    {
        var query = new StorageQuery().Where(field, "x");
        var sort = new StorageQuery().OrderBy(field);

        var filterError = await Assert.ThrowsAsync<InvalidQueryException>(async () => await Items.QueryAsync(query));
        var sortError = await Assert.ThrowsAsync<InvalidQueryException>(async () => await Items.QueryAsync(sort));

        Assert.Equal(StorageErrorKind.InvalidQuery, filterError.Kind);
        Assert.Equal(StorageErrorKind.InvalidQuery, sortError.Kind);
        Assert.True(await Items.CountAsync() >= 0);
    }

    [StoreTheory]
    [InlineData("not a cursor")]
    [InlineData("eyJvIjoiSWQrIiwidiI6WyJ4Il19")]
    [InlineData("")]
    public async Task Query_MalformedCursor_ThrowsInvalidQuery(string cursor)
    {
        var query = new StorageQuery().StartAfter(cursor);

        var error = await Assert.ThrowsAsync<InvalidQueryException>(async () => await Items.QueryAsync(query));

        Assert.Equal(StorageErrorKind.InvalidQuery, error.Kind);
    }

    [StoreFact]
    public async Task Query_HandMadeCursorWithSql_ThrowsInvalidQueryAndChangesNothing()
    {
        var code = "z-" + Guid.NewGuid().ToString("N");
        await Tags.InsertAsync(new ContractTag { Code = code, Label = "kept" });
        var json = "{\"o\":\"Code+\",\"v\":[\"z-'; DROP TABLE contract_tags; --\"]}";
        var forged = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var error = await Assert.ThrowsAsync<InvalidQueryException>(async () => await Tags.QueryAsync(new StorageQuery().StartAfter(forged).Take(10_000)));

        Assert.Equal(StorageErrorKind.InvalidQuery, error.Kind);
        Assert.Equal("kept", (await Tags.GetAsync(code))?.Label);
    }

    [StoreFact]
    public async Task Query_TamperedCursor_ThrowsInvalidQuery()
    {
        var category = NewCategory();
        for (var i = 0; i < 3; i++)
        {
            await Items.InsertAsync(NewItem(category, "t", i));
        }

        var query = new StorageQuery().Where(nameof(ContractItem.Category), category).OrderBy(nameof(ContractItem.Quantity)).Take(1);
        var cursor = (await Items.QueryAsync(query)).NextCursor!;
        var tampered = cursor[..^2] + (cursor[^2] == 'A' ? 'B' : 'A') + cursor[^1];

        var error = await Assert.ThrowsAsync<InvalidQueryException>(async () => await Items.QueryAsync(query.StartAfter(tampered)));

        Assert.Equal(StorageErrorKind.InvalidQuery, error.Kind);
    }

    [StoreFact]
    public async Task Query_CursorOfHiddenSortField_DoesNotRevealItsValues()
    {
        var category = NewCategory();
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 2; i++)
        {
            var item = NewItem(category, "h", i);
            item.Note = secret + i;
            await Items.InsertAsync(item);
        }

        var page = await Items.QueryAsync(new StorageQuery().Where(nameof(ContractItem.Category), category).OrderBy(nameof(ContractItem.Note)).Take(1));
        var decoded = System.Text.Encoding.Latin1.GetString(Convert.FromBase64String(Pad(page.NextCursor!.Replace('-', '+').Replace('_', '/'))));

        Assert.DoesNotContain(secret, decoded, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, page.NextCursor, StringComparison.Ordinal);

        static string Pad(string text) => text + new string('=', (4 - (text.Length % 4)) % 4);
    }

    [StoreFact]
    public async Task Query_StartAfterCursorOfLastPage_ReturnsEmptyPageSoAClientLoopEnds()
    {
        var category = NewCategory();
        for (var i = 0; i < 5; i++)
        {
            await Items.InsertAsync(NewItem(category, "l", i));
        }

        var query = new StorageQuery().Where(nameof(ContractItem.Category), category).OrderBy(nameof(ContractItem.Quantity)).Take(2);
        var visited = new List<int>();
        var page = await Items.QueryAsync(query);
        var pages = 1;
        while (page.Items.Count > 0 && pages < 10)
        {
            visited.AddRange(page.Items.Select(i => i.Quantity));
            page = await Items.QueryAsync(query.StartAfter(page.NextCursor));
            pages++;
        }

        Assert.Equal([0, 1, 2, 3, 4], visited);
        Assert.Equal(4, pages);
        Assert.Null(page.NextCursor);
    }

    [StoreFact]
    public async Task Query_FieldOutsideAllowList_ThrowsNamingOnlyAllowedFields()
    {
        var filter = new StorageQuery().AllowFields(nameof(ContractItem.Name), nameof(ContractItem.Quantity)).Where(nameof(ContractItem.Price), 1m);
        var sort = new StorageQuery().AllowFields(nameof(ContractItem.Name)).OrderBy(nameof(ContractItem.Note));

        var filterError = await Assert.ThrowsAsync<InvalidQueryException>(async () => await Items.QueryAsync(filter));
        var sortError = await Assert.ThrowsAsync<InvalidQueryException>(async () => await Items.CountAsync(sort));

        Assert.Contains("Name, Quantity", filterError.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(ContractItem.CreatedAt), filterError.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(ContractItem.Category), sortError.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Query_UndefinedOperator_ThrowsInvalidQuery()
    {
        var query = new StorageQuery().Where(nameof(ContractItem.Quantity), (FilterOperator)99, 1);

        var error = await Assert.ThrowsAsync<InvalidQueryException>(async () => await Items.QueryAsync(query));

        Assert.Equal(StorageErrorKind.InvalidQuery, error.Kind);
    }

    [StoreFact]
    public async Task Get_CallerMutatesBytes_StoredEntityUnchanged()
    {
        var payload = new byte[] { 1, 2, 3 };
        var stored = await Notes.InsertAsync(new ContractNote(Guid.Empty, "bytes", payload, 0));
        payload[0] = 9;
        stored.Payload![1] = 9;
        var read = await Notes.GetAsync(stored.Id);
        read!.Payload![2] = 9;

        var again = await Notes.GetAsync(stored.Id);

        Assert.Equal(new byte[] { 1, 2, 3 }, again?.Payload);
    }

    [StoreFact]
    public async Task Query_WrongValueType_ThrowsInvalidQuery()
    {
        var query = new StorageQuery().Where(nameof(ContractItem.Quantity), "not a number");

        await Assert.ThrowsAsync<InvalidQueryException>(async () => await Items.QueryAsync(query));
    }

    [StoreFact]
    public async Task Transaction_Commit_PersistsChangesAcrossRepositories()
    {
        var category = NewCategory();
        var code = "tx-" + Guid.NewGuid().ToString("N");
        var existing = await Items.InsertAsync(NewItem(category, "before"));

        await using (var transaction = await Store.BeginTransactionAsync())
        {
            var items = transaction.GetRepository<ContractItem, long>();
            await items.InsertAsync(NewItem(category, "inside"));
            existing.Name = "changed";
            await items.UpdateAsync(existing);
            await transaction.GetRepository<ContractTag, string>().InsertAsync(new ContractTag { Code = code, Label = "tx" });
            Assert.Equal(2, await items.CountAsync(new StorageQuery().Where(nameof(ContractItem.Category), category)));
            await transaction.CommitAsync();
        }

        Assert.Equal(2, await Items.CountAsync(new StorageQuery().Where(nameof(ContractItem.Category), category)));
        Assert.Equal("changed", (await Items.GetAsync(existing.Id))?.Name);
        Assert.NotNull(await Tags.GetAsync(code));
    }

    [StoreFact]
    public async Task Transaction_Rollback_DiscardsChangesAcrossRepositories()
    {
        var category = NewCategory();
        var code = "tx-" + Guid.NewGuid().ToString("N");
        var existing = await Items.InsertAsync(NewItem(category, "before"));

        await using (var transaction = await Store.BeginTransactionAsync())
        {
            var items = transaction.GetRepository<ContractItem, long>();
            await items.InsertAsync(NewItem(category, "inside"));
            existing.Name = "changed";
            await items.UpdateAsync(existing);
            await items.DeleteAsync(existing.Id, existing.Version + 1);
            await transaction.GetRepository<ContractTag, string>().InsertAsync(new ContractTag { Code = code, Label = "tx" });
            await transaction.RollbackAsync();
        }

        Assert.Equal(1, await Items.CountAsync(new StorageQuery().Where(nameof(ContractItem.Category), category)));
        var read = await Items.GetAsync(existing.Id);
        Assert.Equal("before", read?.Name);
        Assert.Equal(1, read?.Version);
        Assert.Null(await Tags.GetAsync(code));
    }

    [StoreFact]
    public async Task Transaction_DisposedWithoutCommit_RollsBack()
    {
        var category = NewCategory();

        await using (var transaction = await Store.BeginTransactionAsync())
        {
            await transaction.GetRepository<ContractItem, long>().InsertAsync(NewItem(category));
        }

        Assert.Equal(0, await Items.CountAsync(new StorageQuery().Where(nameof(ContractItem.Category), category)));
    }

    [StoreFact]
    public async Task Transaction_UsedAfterCommit_Throws()
    {
        var transaction = await Store.BeginTransactionAsync();
        var items = transaction.GetRepository<ContractItem, long>();
        await transaction.CommitAsync();

        await Assert.ThrowsAnyAsync<InvalidOperationException>(async () => await items.InsertAsync(NewItem(NewCategory())));

        await transaction.DisposeAsync();
    }

    [StoreFact]
    public async Task Update_ConcurrentWritersOfOneVersion_ExactlyOneWins()
    {
        var stored = await Items.InsertAsync(NewItem(NewCategory()));
        const int writers = 8;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, writers).Select(async i =>
        {
            await Task.Yield();
            var copy = await Items.GetAsync(stored.Id);
            copy!.Version = stored.Version;
            copy.Name = "writer " + i;
            try
            {
                await Items.UpdateAsync(copy);
                return "won";
            }
            catch (ConcurrencyConflictException)
            {
                return "conflict";
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == "won"));
        Assert.Equal(writers - 1, outcomes.Count(o => o == "conflict"));
        Assert.Equal(2, (await Items.GetAsync(stored.Id))?.Version);
    }

    [StoreTheory]
    [InlineData("'; DROP TABLE contract_items; --")]
    [InlineData("\" OR 1=1 --")]
    [InlineData("Robert'); DELETE FROM contract_tags; --")]
    [InlineData("emoji 😀👍🏽 and ünïcödé")]
    [InlineData("back\\slash and %_ wildcards")]
    public async Task Insert_SqlMetacharacters_StoredAndQueriedAsData(string hostile)
    {
        var category = NewCategory();
        var item = NewItem(category, hostile);
        item.Note = hostile;

        var stored = await Items.InsertAsync(item);
        var byName = await Items.QueryAsync(new StorageQuery().Where(nameof(ContractItem.Category), category).Where(nameof(ContractItem.Name), hostile));
        var tag = await Tags.InsertAsync(new ContractTag { Code = hostile + Guid.NewGuid().ToString("N"), Label = hostile });

        Assert.Equal(hostile, (await Items.GetAsync(stored.Id))?.Name);
        Assert.Equal(stored.Id, Assert.Single(byName.Items).Id);
        Assert.Equal(hostile, (await Tags.GetAsync(tag.Code))?.Label);
        Assert.True(await Items.CountAsync() > 0);
    }

    [StoreFact]
    public async Task Insert_OneMegabyteString_RoundTrips()
    {
        var large = new string('x', 1024 * 1024) + "'end";
        var item = NewItem(NewCategory());
        item.Note = large;

        var stored = await Items.InsertAsync(item);

        Assert.Equal(large, (await Items.GetAsync(stored.Id))?.Note);
    }
}
