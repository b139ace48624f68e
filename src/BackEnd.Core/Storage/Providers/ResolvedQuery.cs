using BackEnd.Storage.Internal;

namespace BackEnd.Storage.Providers;

/// <summary>A <see cref="StorageQuery"/> checked against an entity's mapped members, with typed values and a total order. For storage providers.</summary>
/// <remarks>
/// Providers build SQL or in-memory predicates only from this: field names come from the descriptor, never from the caller's strings,
/// and values travel as parameters. The key is the last sort key, so keyset paging is exact.
/// </remarks>
public sealed class ResolvedQuery
{
    private readonly CursorProtector _cursors;

    private ResolvedQuery(
        EntityDescriptor descriptor,
        IReadOnlyList<ResolvedFilter> filters,
        IReadOnlyList<ResolvedSort> sort,
        IReadOnlyList<object?>? after,
        int offset,
        int limit,
        bool includeTotalCount,
        bool isAfterLastPage,
        CursorProtector cursors)
    {
        _cursors = cursors;
        IsAfterLastPage = isAfterLastPage;
        Descriptor = descriptor;
        Filters = filters;
        Sort = sort;
        After = after;
        Offset = offset;
        Limit = limit;
        IncludeTotalCount = includeTotalCount;
    }

    /// <summary>Gets the entity descriptor.</summary>
    public EntityDescriptor Descriptor { get; }

    /// <summary>Gets the filters, all of which must hold.</summary>
    public IReadOnlyList<ResolvedFilter> Filters { get; }

    /// <summary>Gets the sort keys, ending with the entity key.</summary>
    public IReadOnlyList<ResolvedSort> Sort { get; }

    /// <summary>Gets the sort-key values of the entity to continue after (one per <see cref="Sort"/> key), or <see langword="null"/>.</summary>
    public IReadOnlyList<object?>? After { get; }

    /// <summary>Gets how many matching entities to skip.</summary>
    public int Offset { get; }

    /// <summary>Gets the page size.</summary>
    public int Limit { get; }

    /// <summary>Gets whether the total count is wanted.</summary>
    public bool IncludeTotalCount { get; }

    /// <summary>Gets whether the query continues after a last page (<see cref="StorageQuery.IsAfterLastPage"/>); the page is empty, so a provider need not read.</summary>
    public bool IsAfterLastPage { get; }

    /// <summary>Checks a query against an entity and resolves its fields, values and cursor, with cursors sealed by <see cref="CursorProtector.Ephemeral"/>.</summary>
    /// <param name="descriptor">The entity descriptor.</param>
    /// <param name="query">The query; <see langword="null"/> means every entity in key order.</param>
    /// <returns>The resolved query.</returns>
    /// <exception cref="InvalidQueryException">An unknown or disallowed field, a value of the wrong type, a bad page or an invalid cursor.</exception>
    public static ResolvedQuery Resolve(EntityDescriptor descriptor, StorageQuery? query) => Resolve(descriptor, query, CursorProtector.Ephemeral);

    /// <summary>Checks a query against an entity and resolves its fields, values and cursor.</summary>
    /// <param name="descriptor">The entity descriptor.</param>
    /// <param name="query">The query; <see langword="null"/> means every entity in key order.</param>
    /// <param name="cursors">Opens the query's cursor and seals the next one; the provider's registered protector, shared by every node.</param>
    /// <returns>The resolved query.</returns>
    /// <exception cref="InvalidQueryException">An unknown or disallowed field, a value of the wrong type, a bad page or an invalid cursor.</exception>
    public static ResolvedQuery Resolve(EntityDescriptor descriptor, StorageQuery? query, CursorProtector cursors)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(cursors);
        query ??= new StorageQuery();
        if (query.Limit is < 1 or > StorageDefaults.MaxPageSize)
        {
            throw new InvalidQueryException($"The page size must be between 1 and {StorageDefaults.MaxPageSize}.");
        }

        if (query.Offset < 0)
        {
            throw new InvalidQueryException("The offset must not be negative.");
        }

        var filters = new List<ResolvedFilter>(query.Filters.Count);
        foreach (var filter in query.Filters)
        {
            var property = Find(descriptor, query, filter.Field);
            if (!Enum.IsDefined(filter.Operator))
            {
                // An operator cast from client input (a number) must not silently match nothing on one provider and fail on another.
                throw new InvalidQueryException($"The filter on '{property.Name}' has an unknown operator.");
            }

            if (filter.Operator == FilterOperator.EqualIgnoreCase && property.ValueType != typeof(string))
            {
                throw new InvalidQueryException($"The field '{property.Name}' is not text, so it cannot be compared ignoring case.");
            }

            if (filter.Operator is not (FilterOperator.Equal or FilterOperator.NotEqual or FilterOperator.EqualIgnoreCase)
                && (filter.Value is null || property.ValueType == typeof(byte[]) || property.ValueType == typeof(bool)))
            {
                throw new InvalidQueryException($"The field '{property.Name}' cannot be range-compared with this value.");
            }

            filters.Add(new ResolvedFilter(property, filter.Operator, ConvertValue(property, filter.Value)));
        }

        var sort = new List<ResolvedSort>(query.Sort.Count + 1);
        foreach (var key in query.Sort)
        {
            var property = Find(descriptor, query, key.Field);
            if (property.ValueType == typeof(byte[]))
            {
                throw new InvalidQueryException($"The field '{property.Name}' cannot be sorted.");
            }

            if (!Sorts(sort, property))
            {
                sort.Add(new ResolvedSort(property, key.Descending));
            }
        }

        if (!Sorts(sort, descriptor.Key))
        {
            sort.Add(new ResolvedSort(descriptor.Key, Descending: false));
        }

        var after = query.After is null ? null : QueryCursor.Decode(query.After, descriptor, sort, cursors);
        return new ResolvedQuery(descriptor, filters, sort, after, query.Offset, query.Limit, query.IncludeTotalCount, query.IsAfterLastPage, cursors);
    }

    /// <summary>Writes the cursor that continues after <paramref name="entity"/> in this query's order.</summary>
    /// <param name="entity">The last entity of a page.</param>
    /// <returns>An opaque, URL-safe cursor.</returns>
    public string CreateCursor(object entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return QueryCursor.Encode(entity, Descriptor, Sort, _cursors);
    }

    /// <summary>Builds the page from the rows a provider read with a limit of <see cref="Limit"/> + 1, which tells whether more exist.</summary>
    /// <typeparam name="T">The entity type.</typeparam>
    /// <param name="rows">The rows, at most <see cref="Limit"/> + 1.</param>
    /// <param name="totalCount">The total count, when wanted.</param>
    /// <returns>The page.</returns>
    public Page<T> CreatePage<T>(List<T> rows, long? totalCount)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (IsAfterLastPage)
        {
            return new Page<T>([], (string?)null, totalCount);
        }

        var hasMore = rows.Count > Limit;
        if (hasMore)
        {
            rows.RemoveRange(Limit, rows.Count - Limit);
        }

        return CreatePage<T>(rows, hasMore, totalCount);
    }

    /// <summary>Builds the page from rows a provider already cut to the page, when it knows otherwise whether more follow (e.g. from the total).</summary>
    /// <typeparam name="T">The entity type.</typeparam>
    /// <param name="rows">The page's rows, at most <see cref="Limit"/>.</param>
    /// <param name="hasMore">Whether more rows follow the last one; the page's cursor then continues after it.</param>
    /// <param name="totalCount">The total count, when wanted.</param>
    /// <returns>The page; its <see cref="Page{T}.NextCursor"/> is sealed when first read.</returns>
    public Page<T> CreatePage<T>(IReadOnlyList<T> rows, bool hasMore, long? totalCount)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(rows);
        var next = hasMore && rows.Count > 0 ? new DeferredCursor(QueryCursor.Values(rows[^1], Sort), Descriptor, Sort, _cursors) : null;
        return new Page<T>(rows, next, totalCount);
    }

    // A loop rather than List.Exists with a lambda: this runs for every query, and the lambda would capture per call.
    private static bool Sorts(List<ResolvedSort> sort, EntityProperty property)
    {
        foreach (var key in sort)
        {
            if (key.Property == property)
            {
                return true;
            }
        }

        return false;
    }

    private static EntityProperty Find(EntityDescriptor descriptor, StorageQuery query, string field)
    {
        var allowed = query.AllowedFields;
        if (descriptor.TryGetProperty(field, out var property) && (allowed is null || allowed.Contains(property.Name)))
        {
            return property;
        }

        // The name is echoed so callers see their typo; it is bounded to keep hostile input out of logs. Only allowed
        // fields are listed: the mapped members may include ones a client must not learn of.
        var shown = field.Length > 64 ? string.Concat(field.AsSpan(0, 64), "…") : field;
        if (allowed is null)
        {
            throw new InvalidQueryException($"'{shown}' is not a field of {descriptor.EntityType.Name}.");
        }

        var names = descriptor.Properties.Where(p => allowed.Contains(p.Name)).Select(p => p.Name).ToList();
        throw new InvalidQueryException(names.Count == 0
            ? $"'{shown}' cannot be used to filter or sort here; no field can."
            : $"'{shown}' cannot be used to filter or sort here; allowed fields: {string.Join(", ", names)}.");
    }

    private static object? ConvertValue(EntityProperty property, object? value)
    {
        try
        {
            return StorageValue.ConvertTo(value, property.Type);
        }
        catch (Exception exception) when (exception is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw new InvalidQueryException($"The value for '{property.Name}' is not a valid {property.ValueType.Name}.", exception);
        }
    }
}
