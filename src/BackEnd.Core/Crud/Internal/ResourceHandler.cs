using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BackEnd.Http;
using BackEnd.HttpResults;
using BackEnd.HttpResults.Internal;
using BackEnd.Routing.Internal.Binding;
using BackEnd.Storage;
using BackEnd.Storage.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Crud.Internal;

/// <summary>Serves one resource's operations over the registered <see cref="IRepository{TEntity, TKey}"/>.</summary>
/// <remarks>Every failure a client can cause is answered here as a problem with the field or header it concerns; storage
/// exceptions other than the expected ones (not found, duplicate, conflict) still reach the exception handler.</remarks>
internal sealed partial class ResourceHandler<TEntity, TKey>
    where TEntity : class
    where TKey : notnull
{
    private readonly ResourceBuilder<TEntity, TKey> _options;
    private readonly EntityDescriptor _descriptor;
    private readonly Dictionary<string, ResourceField> _filters;
    private readonly Dictionary<string, ResourceField> _sorts;
    private readonly HashSet<string> _allowedFields;
    private readonly string _keyName;
    private readonly long _maxBodySize;
    private JsonSerializerOptions? _json;
    private BodyValidator? _validator;

    [RequiresUnreferencedCode("Inspects the entity's members.")]
    public ResourceHandler(ResourceBuilder<TEntity, TKey> options, long maxBodySize)
    {
        _options = options;
        _maxBodySize = maxBodySize;
        _descriptor = EntityDescriptor.For<TEntity>();
        _filters = Index(options.FilterFields);
        _sorts = Index(options.SortFields);
        _keyName = JsonName(_descriptor.Key.Property);
        var allowed = options.FilterFields.Concat(options.SortFields).Select(static p => p.Name).ToList();
        if (options.Owner is { } owner)
        {
            allowed.Add(owner.Name);
        }

        _allowedFields = new HashSet<string>(allowed, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyCollection<ResourceField> Filters => _filters.Values;

    public IReadOnlyCollection<ResourceField> Sorts => _sorts.Values;

    private static Dictionary<string, ResourceField> Index(List<PropertyInfo> properties)
    {
        var index = new Dictionary<string, ResourceField>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in properties)
        {
            index.TryAdd(JsonName(property), new ResourceField(JsonName(property), property));
        }

        return index;
    }

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    // A provider that registers only its IEntityStore (the document provider) serves resources too.
    [UnconditionalSuppressMessage("Trimming", "IL2091", Justification = "Resources are only mapped through MapResource, whose entity type keeps its public properties and constructors.")]
    private static IRepository<TEntity, TKey> Repository(HttpContext context) =>
        context.RequestServices.GetService<IRepository<TEntity, TKey>>()
        ?? context.RequestServices.GetRequiredService<IEntityStore>().GetRepository<TEntity, TKey>();

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Resources are only mapped through MapResource, which is annotated.")]
    private JsonTypeInfo<TEntity> TypeInfo(HttpContext context)
    {
        var options = ResponseWriter.GetJsonOptions(context);
        var info = (JsonTypeInfo<TEntity>)options.GetTypeInfo(typeof(TEntity));
        if (!ReferenceEquals(options, _json))
        {
            _validator = BodyValidator.Create(typeof(TEntity), info);
            _json = options;
        }

        return info;
    }

    private long VersionOf(TEntity entity) => Convert.ToInt64(_descriptor.Version.GetValue(entity), System.Globalization.CultureInfo.InvariantCulture);

    private string ETagOf(TEntity entity) => EntityTags.FromVersion(VersionOf(entity));

    private static bool TryRouteId(HttpContext context, out TKey id)
    {
        id = default!;
        if (context.Request.RouteValues.TryGetValue("id", out var raw) && raw is not null)
        {
            if (raw is TKey typed)
            {
                id = typed;
                return true;
            }

            if (QueryValueParser.TryParse(Convert.ToString(raw, System.Globalization.CultureInfo.InvariantCulture), typeof(TKey), out var parsed) && parsed is TKey key)
            {
                id = key;
                return true;
            }
        }

        return false;
    }

    /// <summary>Finds the user id for an owned resource; <see langword="false"/> when the caller is anonymous.</summary>
    private bool TryOwner(HttpContext context, out object? owner)
    {
        owner = null;
        if (_options.Owner is not { } property)
        {
            return true;
        }

        var claim = context.User?.FindFirst(_options.OwnerClaimType)?.Value;
        return context.User?.Identity?.IsAuthenticated == true && QueryValueParser.TryParse(claim, property.PropertyType, out owner) && owner is not null;
    }

    private bool IsOwnedBy(TEntity entity, object? owner) =>
        _options.Owner is not { } property || Equals(property.GetValue(entity), owner);

    private static ValueTask ProblemAsync(HttpContext context, int status, string detail) => ProblemWriter.WriteAsync(context, status, detail);

    private static ValueTask UnauthorizedAsync(HttpContext context) =>
        ProblemAsync(context, 401, "Sign in to use this resource; its items belong to their owners.");

    private static ValueTask NotFoundAsync(HttpContext context, TKey id) =>
        ProblemAsync(context, 404, $"No {typeof(TEntity).Name} has the id '{id}'.");

    private async ValueTask WriteEntityAsync(HttpContext context, TEntity entity, int status)
    {
        context.Response.Headers["ETag"] = ETagOf(entity);
        await ResponseWriter.WriteJsonAsync(context, entity, TypeInfo(context), status, null).ConfigureAwait(false);
    }

    /// <summary>Loads the item named by the route for an operation on one item, answering 401/404 itself.</summary>
    private async ValueTask<(TEntity? Entity, TKey Id, object? Owner)> LoadAsync(HttpContext context)
    {
        if (!TryOwner(context, out var owner))
        {
            await UnauthorizedAsync(context).ConfigureAwait(false);
            return default;
        }

        if (!TryRouteId(context, out var id))
        {
            await ProblemAsync(context, 404, $"'{context.Request.RouteValues["id"]}' is not a valid {typeof(TEntity).Name} id.").ConfigureAwait(false);
            return default;
        }

        var entity = await Repository(context).GetAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (entity is null || !IsOwnedBy(entity, owner))
        {
            // Another user's item answers exactly like a missing one, so ids reveal nothing.
            await NotFoundAsync(context, id).ConfigureAwait(false);
            return default;
        }

        return (entity, id, owner);
    }

    public async ValueTask GetAsync(HttpContext context)
    {
        var (entity, _, _) = await LoadAsync(context).ConfigureAwait(false);
        if (entity is null)
        {
            return;
        }

        var tag = ETagOf(entity);
        if (context.Request.Headers.TryGetValue("If-None-Match", out var ifNoneMatch) && EntityTags.IfNoneMatchMatches(ifNoneMatch, tag))
        {
            context.Response.Headers["ETag"] = tag;
            await ResponseWriter.WriteStatusAsync(context, 304).ConfigureAwait(false);
            return;
        }

        await WriteEntityAsync(context, entity, 200).ConfigureAwait(false);
    }
}
