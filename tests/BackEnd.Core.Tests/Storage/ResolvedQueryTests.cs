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
}
