namespace BackEnd.Storage;

/// <summary>Describes which entities to read: filters, order and a page (offset or cursor).</summary>
/// <remarks>
/// The entity key is always appended as the last sort key, so the order is total and cursor paging never skips or repeats an entity.
/// Build it fluently: <c>new StorageQuery().Where("Age", FilterOperator.GreaterThan, 30).OrderBy("Name").Take(20)</c>.
/// </remarks>
public sealed class StorageQuery
{
    private readonly List<FieldFilter> _filters = [];
    private readonly List<SortField> _sort = [];

    /// <summary>Gets the filters; an entity matches when it satisfies all of them.</summary>
    public IReadOnlyList<FieldFilter> Filters => _filters;

    /// <summary>Gets the sort keys, most significant first.</summary>
    public IReadOnlyList<SortField> Sort => _sort;

    /// <summary>Gets or sets how many matching entities to skip (offset paging).</summary>
    /// <value>Default: 0.</value>
    public int Offset { get; set; }

    /// <summary>Gets or sets the largest number of entities in a page.</summary>
    /// <value>Default: <see cref="StorageDefaults.PageSize"/> (100); at most <see cref="StorageDefaults.MaxPageSize"/> (10,000).</value>
    public int Limit { get; set; } = StorageDefaults.PageSize;

    /// <summary>Gets or sets the cursor returned as <see cref="Page{T}.NextCursor"/> by the previous page (keyset paging).</summary>
    /// <value>Default: <see langword="null"/> (start at the first entity).</value>
    public string? After { get; set; }

    /// <summary>Gets or sets whether the page also carries the total number of matching entities.</summary>
    /// <value>Default: <see langword="false"/> (counting costs a second query).</value>
    public bool IncludeTotalCount { get; set; }

    /// <summary>Adds a filter.</summary>
    /// <param name="field">The member name.</param>
    /// <param name="op">The comparison.</param>
    /// <param name="value">The value.</param>
    /// <returns>This query.</returns>
    public StorageQuery Where(string field, FilterOperator op, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        _filters.Add(new FieldFilter(field, op, value));
        return this;
    }

    /// <summary>Adds an equality filter.</summary>
    /// <param name="field">The member name.</param>
    /// <param name="value">The value.</param>
    /// <returns>This query.</returns>
    public StorageQuery Where(string field, object? value) => Where(field, FilterOperator.Equal, value);

    /// <summary>Adds an ascending sort key.</summary>
    /// <param name="field">The member name.</param>
    /// <returns>This query.</returns>
    public StorageQuery OrderBy(string field)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        _sort.Add(new SortField(field));
        return this;
    }

    /// <summary>Adds a descending sort key.</summary>
    /// <param name="field">The member name.</param>
    /// <returns>This query.</returns>
    public StorageQuery OrderByDescending(string field)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        _sort.Add(new SortField(field, Descending: true));
        return this;
    }

    /// <summary>Sets the offset.</summary>
    /// <param name="count">How many entities to skip.</param>
    /// <returns>This query.</returns>
    public StorageQuery Skip(int count)
    {
        Offset = count;
        return this;
    }

    /// <summary>Sets the page size.</summary>
    /// <param name="count">The largest number of entities in the page.</param>
    /// <returns>This query.</returns>
    public StorageQuery Take(int count)
    {
        Limit = count;
        return this;
    }

    /// <summary>Continues after the entity a previous page's cursor points at.</summary>
    /// <param name="cursor">The cursor, or <see langword="null"/> to start at the beginning.</param>
    /// <returns>This query.</returns>
    public StorageQuery StartAfter(string? cursor)
    {
        After = cursor;
        return this;
    }

    /// <summary>Asks for the total count of matching entities as well.</summary>
    /// <returns>This query.</returns>
    public StorageQuery WithTotalCount()
    {
        IncludeTotalCount = true;
        return this;
    }
}
