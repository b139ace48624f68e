using System.Linq.Expressions;
using System.Reflection;
using System.Security.Claims;
using BackEnd.Http;
using BackEnd.HttpResults;
using BackEnd.Routing;

namespace BackEnd.Crud;

/// <summary>Configures a resource mapped by <see cref="ResourceEndpointRouteBuilderExtensions.MapResource{TEntity, TKey}"/>:
/// which fields clients may filter and sort by, paging limits, ownership, hooks and per-operation endpoint conventions.</summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
/// <typeparam name="TKey">The key type.</typeparam>
public sealed class ResourceBuilder<TEntity, TKey>
    where TEntity : class
    where TKey : notnull
{
    internal ResourceBuilder()
    {
    }

    /// <summary>Gets or sets the operations to map.</summary>
    /// <value>Default: <see cref="ResourceOperations.All"/>.</value>
    public ResourceOperations Operations { get; set; } = ResourceOperations.All;

    /// <summary>Gets or sets the page size when a request names none.</summary>
    /// <value>Default: <see cref="ResourceDefaults.PageSize"/> (20).</value>
    public int PageSize { get; set; } = ResourceDefaults.PageSize;

    /// <summary>Gets or sets the largest <c>pageSize</c> a request may ask for; a larger one is a 400 problem.</summary>
    /// <value>Default: <see cref="ResourceDefaults.MaxPageSize"/> (100).</value>
    public int MaxPageSize { get; set; } = ResourceDefaults.MaxPageSize;

    /// <summary>Gets or sets whether PUT, PATCH and DELETE must carry <c>If-Match</c> (428 Precondition Required otherwise),
    /// so no client overwrites a change it has not seen.</summary>
    /// <value>Default: <see langword="false"/>: without <c>If-Match</c> the last write wins.</value>
    public bool RequireIfMatch { get; set; }

    internal List<PropertyInfo> FilterFields { get; } = [];

    internal List<PropertyInfo> SortFields { get; } = [];

    internal PropertyInfo? Owner { get; private set; }

    internal string OwnerClaimType { get; private set; } = ClaimTypes.NameIdentifier;

    internal List<(ResourceOperations Operations, Action<RouteHandlerBuilder> Configure)> Conventions { get; } = [];

    internal Func<ResourceHookContext<TEntity>, ValueTask<ProblemDetails?>>? BeforeCreateHook { get; private set; }

    internal Func<ResourceHookContext<TEntity>, ValueTask>? AfterCreateHook { get; private set; }

    internal Func<ResourceHookContext<TEntity>, ValueTask<ProblemDetails?>>? BeforeUpdateHook { get; private set; }

    internal Func<ResourceHookContext<TEntity>, ValueTask>? AfterUpdateHook { get; private set; }

    internal Func<ResourceHookContext<TEntity>, ValueTask<ProblemDetails?>>? BeforeDeleteHook { get; private set; }

    internal Func<ResourceHookContext<TEntity>, ValueTask>? AfterDeleteHook { get; private set; }

    /// <summary>Lets clients filter by these fields: <c>?price=5</c>, <c>?price.gte=5&amp;price.lt=20</c>, <c>?name.ne=x</c>.</summary>
    /// <param name="fields">Member accessors such as <c>x =&gt; x.Price</c>; only these names are accepted from the query string.</param>
    /// <returns>This builder.</returns>
    public ResourceBuilder<TEntity, TKey> Filterable(params Expression<Func<TEntity, object?>>[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        FilterFields.AddRange(fields.Select(MemberOf));
        return this;
    }

    /// <summary>Lets clients sort by these fields: <c>?sort=-price,name</c> (a leading <c>-</c> sorts descending).</summary>
    /// <param name="fields">Member accessors such as <c>x =&gt; x.Name</c>; only these names are accepted from the query string.</param>
    /// <returns>This builder.</returns>
    public ResourceBuilder<TEntity, TKey> Sortable(params Expression<Func<TEntity, object?>>[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        SortFields.AddRange(fields.Select(MemberOf));
        return this;
    }

    /// <summary>Scopes every operation to the signed-in user's items: lists show only theirs, another user's item answers 404,
    /// and create stores the user's id in <paramref name="owner"/>. Anonymous requests get 401.</summary>
    /// <typeparam name="TOwner">The owner member's type (<see cref="string"/>, a number or <see cref="Guid"/>).</typeparam>
    /// <param name="owner">The member holding the owner's user id, such as <c>x =&gt; x.OwnerId</c>.</param>
    /// <param name="claimType">The claim holding the user id.</param>
    /// <returns>This builder.</returns>
    public ResourceBuilder<TEntity, TKey> OwnedBy<TOwner>(Expression<Func<TEntity, TOwner>> owner, string claimType = ClaimTypes.NameIdentifier)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentException.ThrowIfNullOrEmpty(claimType);
        Owner = MemberOf(owner);
        OwnerClaimType = claimType;
        return this;
    }

    /// <summary>Applies endpoint conventions to some operations, such as <c>r.Endpoints(ResourceOperations.Write, e =&gt; e.RequireRole("admin"))</c>.</summary>
    /// <param name="operations">The operations whose endpoints to configure.</param>
    /// <param name="configure">Adds metadata, filters or a timeout to each of those endpoints.</param>
    /// <returns>This builder.</returns>
    public ResourceBuilder<TEntity, TKey> Endpoints(ResourceOperations operations, Action<RouteHandlerBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Conventions.Add((operations, configure));
        return this;
    }

    /// <summary>Runs before an item is created, after validation; a returned problem is the response and nothing is stored.</summary>
    /// <param name="hook">The hook; returns <see langword="null"/> to go on.</param>
    /// <returns>This builder.</returns>
    public ResourceBuilder<TEntity, TKey> BeforeCreate(Func<ResourceHookContext<TEntity>, ValueTask<ProblemDetails?>> hook)
    {
        BeforeCreateHook = hook ?? throw new ArgumentNullException(nameof(hook));
        return this;
    }

    /// <summary>Runs after an item is created, with the stored item (carrying its key and version).</summary>
    /// <param name="hook">The hook.</param>
    /// <returns>This builder.</returns>
    public ResourceBuilder<TEntity, TKey> AfterCreate(Func<ResourceHookContext<TEntity>, ValueTask> hook)
    {
        AfterCreateHook = hook ?? throw new ArgumentNullException(nameof(hook));
        return this;
    }

    /// <summary>Runs before PUT or PATCH stores an item, after validation; a returned problem is the response and nothing is stored.</summary>
    /// <param name="hook">The hook; returns <see langword="null"/> to go on.</param>
    /// <returns>This builder.</returns>
    public ResourceBuilder<TEntity, TKey> BeforeUpdate(Func<ResourceHookContext<TEntity>, ValueTask<ProblemDetails?>> hook)
    {
        BeforeUpdateHook = hook ?? throw new ArgumentNullException(nameof(hook));
        return this;
    }

    /// <summary>Runs after PUT or PATCH stored an item.</summary>
    /// <param name="hook">The hook.</param>
    /// <returns>This builder.</returns>
    public ResourceBuilder<TEntity, TKey> AfterUpdate(Func<ResourceHookContext<TEntity>, ValueTask> hook)
    {
        AfterUpdateHook = hook ?? throw new ArgumentNullException(nameof(hook));
        return this;
    }

    /// <summary>Runs before an item is deleted; a returned problem is the response and nothing is deleted.</summary>
    /// <param name="hook">The hook; returns <see langword="null"/> to go on.</param>
    /// <returns>This builder.</returns>
    public ResourceBuilder<TEntity, TKey> BeforeDelete(Func<ResourceHookContext<TEntity>, ValueTask<ProblemDetails?>> hook)
    {
        BeforeDeleteHook = hook ?? throw new ArgumentNullException(nameof(hook));
        return this;
    }

    /// <summary>Runs after an item was deleted.</summary>
    /// <param name="hook">The hook.</param>
    /// <returns>This builder.</returns>
    public ResourceBuilder<TEntity, TKey> AfterDelete(Func<ResourceHookContext<TEntity>, ValueTask> hook)
    {
        AfterDeleteHook = hook ?? throw new ArgumentNullException(nameof(hook));
        return this;
    }

    private static PropertyInfo MemberOf(LambdaExpression expression)
    {
        var body = expression.Body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert ? convert.Operand : expression.Body;
        if (body is MemberExpression { Member: PropertyInfo property } member && member.Expression == expression.Parameters[0])
        {
            return property;
        }

        throw new ArgumentException($"'{expression}' must name a property of {typeof(TEntity).Name} directly, such as x => x.Price.", nameof(expression));
    }
}
