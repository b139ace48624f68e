using System.Globalization;
using BackEnd.Http;
using BackEnd.HttpResults.Internal;
using BackEnd.Storage;

namespace BackEnd.Crud.Internal;

internal sealed partial class ResourceHandler<TEntity, TKey>
{
    private const string PageParameter = "page";
    private const string PageSizeParameter = "pageSize";
    private const string CursorParameter = "cursor";
    private const string SortParameter = "sort";

    public async ValueTask ListAsync(HttpContext context)
    {
        if (!TryOwner(context, out var owner))
        {
            await UnauthorizedAsync(context).ConfigureAwait(false);
            return;
        }

        var (query, page, pageSize, error) = ParseQuery(context.Request.Query);
        if (error is not null)
        {
            await ProblemAsync(context, 400, error).ConfigureAwait(false);
            return;
        }

        if (_options.Owner is { } ownerProperty)
        {
            query!.Where(ownerProperty.Name, owner);
        }

        Page<TEntity> result;
        try
        {
            result = await Repository(context).QueryAsync(query!, context.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidQueryException exception)
        {
            // Reaches here for a cursor that is malformed, forged, or made for another sort; the message names no values.
            await ProblemAsync(context, 400, exception.Message).ConfigureAwait(false);
            return;
        }

        var body = new ResourcePage<TEntity>(result.Items, page, pageSize, result.TotalCount, result.NextCursor);
        await ResponseWriter.WriteJsonAsync(context, body, 200, null).ConfigureAwait(false);
    }

    /// <summary>Reads paging, sort and filters from the query string, naming the first parameter that is not acceptable.</summary>
    private (StorageQuery? Query, int? Page, int PageSize, string? Error) ParseQuery(IQueryCollection parameters)
    {
        var query = new StorageQuery().ShareAllowedFields(_allowedFields);
        int? page = null;
        var pageSize = _options.PageSize;
        string? cursor = null;
        foreach (var (name, values) in parameters)
        {
            if (values.Count != 1 && (name is PageParameter or PageSizeParameter or CursorParameter or SortParameter))
            {
                return Fail($"The query parameter '{name}' may be given once.");
            }

            var value = values[0] ?? string.Empty;
            switch (name)
            {
                case PageParameter:
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
                    {
                        return Fail($"The query parameter 'page' must be a whole number of at least 1, not '{value}'.");
                    }

                    page = number;
                    break;
                case PageSizeParameter:
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1 || size > _options.MaxPageSize)
                    {
                        return Fail($"The query parameter 'pageSize' must be a whole number from 1 to {_options.MaxPageSize}, not '{value}'.");
                    }

                    pageSize = size;
                    break;
                case CursorParameter:
                    if (value.Length == 0)
                    {
                        return Fail("The query parameter 'cursor' is empty; pass the 'next' value of the previous page.");
                    }

                    cursor = value;
                    break;
                case SortParameter:
                    if (ParseSort(query, value) is { } sortError)
                    {
                        return Fail(sortError);
                    }

                    break;
                default:
                    foreach (var text in values)
                    {
                        if (ParseFilter(query, name, text) is { } filterError)
                        {
                            return Fail(filterError);
                        }
                    }

                    break;
            }
        }

        if (cursor is not null && page is not null)
        {
            return Fail("The query parameters 'page' and 'cursor' cannot be combined; follow 'next' with 'cursor' alone.");
        }

        query.Take(pageSize);
        if (cursor is not null)
        {
            query.After = cursor;
            return (query, null, pageSize, null);
        }

        page ??= 1;
        var offset = ((long)page.Value - 1) * pageSize;
        if (offset > int.MaxValue)
        {
            return Fail($"The query parameter 'page' is too large for a page size of {pageSize}.");
        }

        query.Skip((int)offset).WithTotalCount();
        return (query, page, pageSize, null);

        static (StorageQuery?, int?, int, string?) Fail(string error) => (null, null, 0, error);
    }

    private string? ParseSort(StorageQuery query, string value)
    {
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            var descending = part.StartsWith('-');
            var name = descending || part.StartsWith('+') ? part[1..] : part;
            if (!_sorts.TryGetValue(name, out var field))
            {
                return _sorts.Count == 0
                    ? $"The query parameter 'sort' names '{name}', but this resource cannot be sorted."
                    : $"The query parameter 'sort' names '{name}', which is not a sortable field; sort by {string.Join(", ", _sorts.Values.Select(static f => f.Name))}.";
            }

            if (descending)
            {
                query.OrderByDescending(field.Property.Name);
            }
            else
            {
                query.OrderBy(field.Property.Name);
            }
        }

        return null;
    }

    private string? ParseFilter(StorageQuery query, string parameter, string? value)
    {
        var dot = parameter.LastIndexOf('.');
        var name = dot < 0 ? parameter : parameter[..dot];
        FilterOperator op;
        if (dot < 0)
        {
            op = FilterOperator.Equal;
        }
        else if (!TryOperator(parameter[(dot + 1)..], out op))
        {
            return $"The query parameter '{parameter}' has an unknown operator '{parameter[(dot + 1)..]}'; use eq, ne, lt, lte, gt or gte.";
        }

        if (!_filters.TryGetValue(name, out var field))
        {
            return _filters.Count == 0
                ? $"The query parameter '{parameter}' is not known; this resource takes only page, pageSize, cursor and sort."
                : $"The query parameter '{parameter}' is not known; filter by {string.Join(", ", _filters.Values.Select(static f => f.Name))}.";
        }

        if (!QueryValueParser.TryParse(value, field.Property.PropertyType, out var typed))
        {
            var type = Nullable.GetUnderlyingType(field.Property.PropertyType) ?? field.Property.PropertyType;
            return $"The query parameter '{parameter}' must be a {Describe(type)}, not '{value}'.";
        }

        query.Where(field.Property.Name, op, typed);
        return null;
    }

    private static bool TryOperator(string text, out FilterOperator op)
    {
        (var ok, op) = text switch
        {
            "eq" => (true, FilterOperator.Equal),
            "ne" => (true, FilterOperator.NotEqual),
            "lt" => (true, FilterOperator.LessThan),
            "lte" => (true, FilterOperator.LessThanOrEqual),
            "gt" => (true, FilterOperator.GreaterThan),
            "gte" => (true, FilterOperator.GreaterThanOrEqual),
            _ => (false, FilterOperator.Equal),
        };
        return ok;
    }

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "whole number",
        _ when type == typeof(decimal) || type == typeof(double) || type == typeof(float) => "number",
        _ when type == typeof(bool) => "boolean (true or false)",
        _ when type == typeof(Guid) => "GUID",
        _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "date and time (ISO 8601)",
        _ when type == typeof(DateOnly) => "date (yyyy-MM-dd)",
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ => type.Name,
    };
}
