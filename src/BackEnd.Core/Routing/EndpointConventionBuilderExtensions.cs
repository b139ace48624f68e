using System.Diagnostics.CodeAnalysis;

namespace BackEnd.Routing;

/// <summary>Fluent conventions shared by routes and route groups.</summary>
public static class EndpointConventionBuilderExtensions
{
    /// <summary>Adds metadata.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The route or group.</param>
    /// <param name="items">The metadata items.</param>
    /// <returns>The builder.</returns>
    public static TBuilder WithMetadata<TBuilder>(this TBuilder builder, params object[] items)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            builder.Metadata.Add(item);
        }

        return builder;
    }

    /// <summary>Adds a filter run around the handler.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The route or group.</param>
    /// <param name="filter">The filter.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddEndpointFilter<TBuilder>(this TBuilder builder, IEndpointFilter filter)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(filter);
        builder.Filters.Add(filter);
        return builder;
    }

    /// <summary>Adds a filter written as a delegate: <c>async (context, next) =&gt; { …; return await next(context); }</c>.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The route or group.</param>
    /// <param name="filter">The filter.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddEndpointFilter<TBuilder>(this TBuilder builder, Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> filter)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(filter);
        return AddEndpointFilter(builder, new Internal.DelegateEndpointFilter(filter));
    }

    /// <summary>Adds a filter class to a route: taken from DI when registered, else created once with constructor injection.</summary>
    /// <typeparam name="TFilter">The filter type.</typeparam>
    /// <param name="builder">The route.</param>
    /// <returns>The route.</returns>
    public static RouteHandlerBuilder AddEndpointFilter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFilter>(this RouteHandlerBuilder builder)
        where TFilter : IEndpointFilter =>
        AddEndpointFilter(builder, new Internal.ActivatedEndpointFilter<TFilter>());

    /// <summary>Adds a filter class to every route of a group: taken from DI when registered, else created once with constructor injection.</summary>
    /// <typeparam name="TFilter">The filter type.</typeparam>
    /// <param name="builder">The group.</param>
    /// <returns>The group.</returns>
    public static RouteGroupBuilder AddEndpointFilter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFilter>(this RouteGroupBuilder builder)
        where TFilter : IEndpointFilter =>
        AddEndpointFilter(builder, new Internal.ActivatedEndpointFilter<TFilter>());

    /// <summary>Cancels the request token after a time and answers 504 if the handler gives up.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The route or group.</param>
    /// <param name="timeout">The timeout, greater than zero.</param>
    /// <returns>The builder.</returns>
    public static TBuilder WithRequestTimeout<TBuilder>(this TBuilder builder, TimeSpan timeout)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        builder.RequestTimeout = timeout;
        return builder;
    }
}
