using BackEnd.Storage;
using BackEnd.Storage.Providers;
using BackEnd.Storage.Testing;

namespace BackEnd.Core.Tests.Storage;

public sealed class ResolvedQueryTests
{
    private static readonly EntityDescriptor Items = EntityDescriptor.For<ContractItem>();

    [Fact]
    public void Resolve_SortWithoutKey_AppendsKeyAsTieBreaker()
    {
        var query = new StorageQuery().OrderByDescending("name");

        var resolved = ResolvedQuery.Resolve(Items, query);

        Assert.Equal([("Name", true), ("Id", false)], resolved.Sort.Select(s => (s.Property.Name, s.Descending)));
    }

    [Fact]
    public void Resolve_StringValueForNumberField_ConvertsToFieldType()
    {
        var query = new StorageQuery().Where("Quantity", FilterOperator.GreaterThan, "12");

        var resolved = ResolvedQuery.Resolve(Items, query);

        Assert.Equal(12, Assert.IsType<int>(Assert.Single(resolved.Filters).Value));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(StorageDefaults.MaxPageSize + 1)]
    public void Resolve_PageSizeOutOfRange_ThrowsInvalidQuery(int limit)
    {
        var query = new StorageQuery().Take(limit);

        Assert.Throws<InvalidQueryException>(() => ResolvedQuery.Resolve(Items, query));
    }

    [Fact]
    public void Resolve_RangeOnNull_ThrowsInvalidQuery()
    {
        var query = new StorageQuery().Where("Note", FilterOperator.LessThan, null);

        Assert.Throws<InvalidQueryException>(() => ResolvedQuery.Resolve(Items, query));
    }

    [Fact]
    public void Resolve_CursorFromAnotherOrder_ThrowsInvalidQuery()
    {
        var byName = ResolvedQuery.Resolve(Items, new StorageQuery().OrderBy("Name"));
        var cursor = byName.CreateCursor(new ContractItem { Id = 5, Name = "x" });

        var error = Assert.Throws<InvalidQueryException>(() => ResolvedQuery.Resolve(Items, new StorageQuery().OrderBy("Quantity").StartAfter(cursor)));

        Assert.Contains("different order", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_CursorFromTheOppositeDirection_ThrowsInvalidQuery()
    {
        var ascending = ResolvedQuery.Resolve(Items, new StorageQuery().OrderBy("Name"));
        var cursor = ascending.CreateCursor(new ContractItem { Id = 5, Name = "x" });

        var error = Assert.Throws<InvalidQueryException>(() => ResolvedQuery.Resolve(Items, new StorageQuery().OrderByDescending("Name").StartAfter(cursor)));

        Assert.Contains("different order", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateCursor_ThenResolve_RestoresTypedSortValues()
    {
        var query = new StorageQuery().OrderBy("CreatedAt").OrderBy("Note");
        var moment = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(1));
        var cursor = ResolvedQuery.Resolve(Items, query).CreateCursor(new ContractItem { Id = 77, CreatedAt = moment, Note = null });

        var resolved = ResolvedQuery.Resolve(Items, query.StartAfter(cursor));

        Assert.Equal(new object?[] { moment, null, 77L }, resolved.After);
    }

    [Fact]
    public void Resolve_HugeUnknownFieldName_IsTruncatedInMessage()
    {
        var field = new string('x', 10_000);

        var error = Assert.Throws<InvalidQueryException>(() => ResolvedQuery.Resolve(Items, new StorageQuery().Where(field, 1)));

        Assert.True(error.Message.Length < 500);
    }

    [Fact]
    public void Resolve_FieldOutsideAllowList_NamesOnlyAllowedFields()
    {
        var query = new StorageQuery().AllowFields("Name", "Quantity").OrderBy("Price");

        var error = Assert.Throws<InvalidQueryException>(() => ResolvedQuery.Resolve(Items, query));

        Assert.Contains("allowed fields: Name, Quantity", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("CreatedAt", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Category", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AllowedFieldAnyCase_Resolves()
    {
        var query = new StorageQuery().AllowFields("Name").Where("name", "x").OrderByDescending("NAME");

        var resolved = ResolvedQuery.Resolve(Items, query);

        Assert.Equal("Name", Assert.Single(resolved.Filters).Property.Name);
        Assert.Equal([("Name", true), ("Id", false)], resolved.Sort.Select(s => (s.Property.Name, s.Descending)));
    }

    [Fact]
    public void Resolve_UnknownFieldWithoutAllowList_ListsNoMappedMembers()
    {
        var error = Assert.Throws<InvalidQueryException>(() => ResolvedQuery.Resolve(Items, new StorageQuery().Where("Secret", 1)));

        Assert.Contains("'Secret'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Price", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Quantity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreatePage_AfterLastPage_IsEmptyWithoutCursor()
    {
        var resolved = ResolvedQuery.Resolve(Items, new StorageQuery().Take(1).StartAfter(null));

        var page = resolved.CreatePage(new List<ContractItem> { new() { Id = 1 }, new() { Id = 2 } }, totalCount: null);

        Assert.True(resolved.IsAfterLastPage);
        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public void Resolve_AfterSetAgain_ClearsAfterLastPage()
    {
        var query = new StorageQuery().StartAfter(null);

        query.After = null;

        Assert.False(ResolvedQuery.Resolve(Items, query).IsAfterLastPage);
    }

    [Fact]
    public void Resolve_CursorOfAnotherEntity_ThrowsInvalidQuery()
    {
        var tags = EntityDescriptor.For<ContractTag>();
        var cursor = ResolvedQuery.Resolve(Items, new StorageQuery()).CreateCursor(new ContractItem { Id = 5 });

        Assert.Throws<InvalidQueryException>(() => ResolvedQuery.Resolve(tags, new StorageQuery().StartAfter(cursor)));
    }

    [Fact]
    public void Resolve_CursorSealedWithAnotherKey_ThrowsInvalidQuery()
    {
        var cursor = ResolvedQuery.Resolve(Items, new StorageQuery(), new CursorProtector(new byte[32])).CreateCursor(new ContractItem { Id = 5 });

        var error = Assert.Throws<InvalidQueryException>(() => ResolvedQuery.Resolve(Items, new StorageQuery().StartAfter(cursor)));

        Assert.Contains("altered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreatePage_EntityChangedBeforeCursorIsRead_CursorContinuesAfterTheRowAsRead()
    {
        var query = new StorageQuery().OrderBy("Name").Take(2);
        var rows = new List<ContractItem> { new() { Id = 1, Name = "a" }, new() { Id = 2, Name = "b" }, new() { Id = 3, Name = "c" } };
        var page = ResolvedQuery.Resolve(Items, query).CreatePage(rows, totalCount: null);

        // The cursor is sealed when first read: a caller changing the last entity first must not move the next page.
        page.Items[^1].Name = "zzz";
        page.Items[^1].Id = 99;
        var resolved = ResolvedQuery.Resolve(Items, query.StartAfter(page.NextCursor));

        Assert.Equal(2, page.Items.Count);
        Assert.Equal(new object?[] { "b", 2L }, resolved.After);
    }

    [Fact]
    public void CreatePage_NextCursorReadTwice_IsTheSameCursor_AndPagesCompareByItTheirItemsAndTotal()
    {
        var rows = new List<ContractItem> { new() { Id = 1 }, new() { Id = 2 } };
        var page = ResolvedQuery.Resolve(Items, new StorageQuery().Take(1)).CreatePage(rows, totalCount: 5);

        var cursor = page.NextCursor;

        Assert.NotNull(cursor);
        Assert.Same(cursor, page.NextCursor);
        var (items, next, total) = page;
        Assert.Same(page.Items, items);
        Assert.Equal(cursor, next);
        Assert.Equal(5, total);
        Assert.Equal(page, new Page<ContractItem>(page.Items, cursor, 5));
        Assert.NotEqual(page, page with { NextCursor = null });
        Assert.Null((page with { NextCursor = null }).NextCursor);
        Assert.Equal(page.GetHashCode(), new Page<ContractItem>(page.Items, cursor, 5).GetHashCode());
    }

    [Fact]
    public void CreatePage_WhenTheCallerSaysNoMoreFollow_HasNoCursor()
    {
        var rows = new List<ContractItem> { new() { Id = 1 } };
        var resolved = ResolvedQuery.Resolve(Items, new StorageQuery().Take(1));

        Assert.Null(resolved.CreatePage<ContractItem>(rows, hasMore: false, totalCount: 1).NextCursor);
        Assert.NotNull(resolved.CreatePage<ContractItem>(rows, hasMore: true, totalCount: 2).NextCursor);
        Assert.Null(resolved.CreatePage<ContractItem>([], hasMore: true, totalCount: 2).NextCursor);
    }
}
