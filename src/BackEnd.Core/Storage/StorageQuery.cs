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
    private HashSet<string>? _allowed;
    private string? _after;

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
    /// <value>Default: <see langword="null"/> (start at the first entity). Setting it clears <see cref="IsAfterLastPage"/>.</value>
    public string? After
    {
        get => _after;
        set
        {
            _after = value;
            IsAfterLastPage = false;
        }
    }

    /// <summary>Gets whether <see cref="StartAfter"/> was given the <see langword="null"/> cursor of a last page, so the query returns an empty page.</summary>
    public bool IsAfterLastPage { get; private set; }

    /// <summary>Gets the fields that filters and sort keys may name, or <see langword="null"/> when every mapped member may be used.</summary>
    /// <value>Default: <see langword="null"/>. Set it with <see cref="AllowFields"/> whenever field names come from client input.</value>
    public IReadOnlyCollection<string>? AllowedFields => _allowed;

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
    /// <param name="cursor">
    /// The previous page's <see cref="Page{T}.NextCursor"/>. <see langword="null"/>, the cursor of a last page, means "no more": the query
    /// returns an empty page, so a loop <c>query.StartAfter(page.NextCursor)</c> ends. For the first page, do not call this method.
    /// </param>
    /// <returns>This query.</returns>
    public StorageQuery StartAfter(string? cursor)
    {
        _after = cursor;
        IsAfterLastPage = cursor is null;
        return this;
    }

    /// <summary>Limits the fields that filters and sort keys may name, for queries built from client input (query strings, request bodies).</summary>
    /// <param name="fields">The member names a client may filter and sort by; the entity key is always the final sort key, whether listed or not.</param>
    /// <returns>This query.</returns>
    /// <remarks>A field outside the list is an <see cref="InvalidQueryException"/> whose message names only the allowed fields, so a client
    /// learns nothing of hidden members (such as a password hash) and cannot page through their values.</remarks>
    public StorageQuery AllowFields(params IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _allowed = new HashSet<string>(fields, StringComparer.OrdinalIgnoreCase);
        return this;
    }

    // For callers that build a query per request from one fixed list (resources): the set is kept, not copied, so it must
    // compare ignoring case like AllowFields' and must never change afterwards.
    internal StorageQuery ShareAllowedFields(HashSet<string> sharedFields)
    {
        _allowed = sharedFields;
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
