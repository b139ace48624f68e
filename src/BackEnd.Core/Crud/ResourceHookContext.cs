using BackEnd.Http;

namespace BackEnd.Crud;

/// <summary>What a resource hook sees: the request, the operation and the item before and after it.</summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public sealed class ResourceHookContext<TEntity>
    where TEntity : class
{
    internal ResourceHookContext(HttpContext httpContext, ResourceOperations operation, TEntity entity, TEntity? previous)
    {
        HttpContext = httpContext;
        Operation = operation;
        Entity = entity;
        Previous = previous;
    }

    /// <summary>Gets the request's context (user, services, cancellation).</summary>
    public HttpContext HttpContext { get; }

    /// <summary>Gets the operation: <see cref="ResourceOperations.Create"/>, <see cref="ResourceOperations.Replace"/>,
    /// <see cref="ResourceOperations.Patch"/> or <see cref="ResourceOperations.Delete"/>.</summary>
    public ResourceOperations Operation { get; }

    /// <summary>Gets the item: to be stored (before create or update), as stored (after), or being deleted.</summary>
    public TEntity Entity { get; }

    /// <summary>Gets the stored item an update replaces; <see langword="null"/> for create and delete.</summary>
    public TEntity? Previous { get; }

    /// <summary>Gets the request's cancellation token.</summary>
    public CancellationToken CancellationToken => HttpContext.RequestAborted;
}
