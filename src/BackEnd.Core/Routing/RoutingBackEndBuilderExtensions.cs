using System.Diagnostics.CodeAnalysis;
using BackEnd.Hosting;
using BackEnd.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackEnd.Routing;

/// <summary>Registers routes: modules (<see cref="IRouteModule"/>) and inline mappings.</summary>
public static class RoutingBackEndBuilderExtensions
{
    /// <summary>Adds a route module; adding the same module twice maps its routes once.</summary>
    /// <typeparam name="TModule">The module, created from DI once at start-up (its constructor may take singletons and options).</typeparam>
    /// <param name="builder">The BackEnd builder.</param>
    /// <returns>The BackEnd builder.</returns>
    public static IBackEndBuilder AddRoutes<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TModule>(this IBackEndBuilder builder)
        where TModule : class, IRouteModule
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddPipeline();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRouteModule, TModule>());
        return builder;
    }

    /// <summary>Configures handler binding limits (validated at start-up).</summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>The BackEnd builder.</returns>
    public static IBackEndBuilder ConfigureRouteHandlers(this IBackEndBuilder builder, Action<RouteHandlerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddPipeline();
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Maps routes inline: <c>.AddRoutes(routes =&gt; routes.MapGet("/", () =&gt; "hi"))</c>.</summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="configure">The callback, run once at start-up.</param>
    /// <returns>The BackEnd builder.</returns>
    public static IBackEndBuilder AddRoutes(this IBackEndBuilder builder, Action<IEndpointRouteBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.Configure(configure);
    }
}
