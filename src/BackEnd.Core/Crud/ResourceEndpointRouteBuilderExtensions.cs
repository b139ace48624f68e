using System.Diagnostics.CodeAnalysis;
using BackEnd.Crud.Internal;
using BackEnd.Routing;
using BackEnd.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackEnd.Crud;

/// <summary>Maps REST resources over repositories.</summary>
public static class ResourceEndpointRouteBuilderExtensions
{
    /// <summary>Maps a REST resource over the registered <see cref="IRepository{TEntity, TKey}"/> (in-memory, SQL or documents).</summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="routes">The route builder.</param>
    /// <param name="prefix">The collection's path, such as <c>/api/products</c>.</param>
    /// <param name="configure">Declares filterable and sortable fields, paging limits, ownership, hooks and per-operation conventions.</param>
    /// <returns>The group holding the resource's endpoints, for conventions shared by every operation.</returns>
    /// <remarks>
    /// <para><c>GET prefix</c> answers <see cref="ResourcePage{T}"/>: <c>{"items":[...],"page":1,"pageSize":20,"total":42,"next":"..."}</c>.
    /// Query parameters: <c>page</c> (from 1) and <c>pageSize</c> (1 to <see cref="ResourceBuilder{TEntity, TKey}.MaxPageSize"/>), or <c>cursor</c>
    /// (the previous page's <c>next</c>); <c>sort=-price,name</c>; filters <c>field=value</c> or <c>field.op=value</c> with op one of
    /// <c>eq</c>, <c>ne</c>, <c>lt</c>, <c>lte</c>, <c>gt</c>, <c>gte</c>. Anything else is a 400 problem naming the parameter.</para>
    /// <para><c>GET prefix/{id}</c>, <c>POST prefix</c>, <c>PUT prefix/{id}</c>, <c>PATCH prefix/{id}</c> (<c>application/merge-patch+json</c>) and
    /// <c>DELETE prefix/{id}</c> carry the item's version as a strong <c>ETag</c> and honour <c>If-Match</c> and <c>If-None-Match</c>.</para>
    /// </remarks>
    [RequiresUnreferencedCode("Serializes, validates and inspects the entity's members with reflection.")]
    [RequiresDynamicCode("Serializes the entity with reflection-based JSON metadata.")]
    public static RouteGroupBuilder MapResource<TEntity, TKey>(this IEndpointRouteBuilder routes, string prefix, Action<ResourceBuilder<TEntity, TKey>>? configure = null)
        where TEntity : class
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(prefix);
        var options = new ResourceBuilder<TEntity, TKey>();
        configure?.Invoke(options);
        if (options.PageSize < 1 || options.MaxPageSize < options.PageSize)
        {
            throw new InvalidOperationException($"The resource at '{prefix}' needs 1 <= PageSize <= MaxPageSize; it has PageSize {options.PageSize} and MaxPageSize {options.MaxPageSize}.");
        }

        var maxBody = routes.ServiceProvider.GetService<IOptions<RouteHandlerOptions>>()?.Value.MaxJsonBodySize ?? RouteHandlerDefaults.MaxJsonBodySize;
        var handler = new ResourceHandler<TEntity, TKey>(options, maxBody);
        var group = routes.MapGroup(prefix);
        var item = "/{id" + ConstraintOf(typeof(TKey)) + "}";
        Map(ResourceOperations.List, "", "GET", handler.ListAsync);
        Map(ResourceOperations.Get, item, "GET", handler.GetAsync);
        Map(ResourceOperations.Create, "", "POST", handler.CreateAsync);
        Map(ResourceOperations.Replace, item, "PUT", handler.ReplaceAsync);
        Map(ResourceOperations.Patch, item, "PATCH", handler.PatchAsync);
        Map(ResourceOperations.Delete, item, "DELETE", handler.DeleteAsync);
        return group;

        void Map(ResourceOperations operation, string pattern, string method, Func<Http.HttpContext, ValueTask> run)
        {
            if ((options.Operations & operation) == 0)
            {
                return;
            }

            var endpoint = group.MapMethods(pattern, [method], context => run(context));
            endpoint.Metadata.Add(new ResourceEndpointMetadata(
                typeof(TEntity), typeof(TKey), operation, handler.Filters, handler.Sorts, options.MaxPageSize, options.RequireIfMatch, options.Owner is not null));
            foreach (var (operations, convention) in options.Conventions)
            {
                if ((operations & operation) != 0)
                {
                    convention(endpoint);
                }
            }
        }
    }

    private static string ConstraintOf(Type key) => key switch
    {
        _ when key == typeof(long) => ":long",
        _ when key == typeof(int) => ":int",
        _ when key == typeof(Guid) => ":guid",
        _ => string.Empty,
    };
}
