using BackEnd.Hosting.Internal;
using BackEnd.Server;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Hosting;

/// <summary>Registers BackEnd in a service collection.</summary>
public static class BackEndServiceCollectionExtensions
{
    /// <summary>Adds the BackEnd core services and returns a builder that storage and auth packages extend; the web server is added by <see cref="AddBackEnd(IServiceCollection, Action{BackEndServerOptions})"/> or <see cref="ServerBackEndBuilderExtensions.AddServer"/>.</summary>
    /// <param name="services">The service collection of the host.</param>
    /// <returns>A builder for further BackEnd registrations.</returns>
    public static IBackEndBuilder AddBackEnd(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new BackEndBuilder(services);
    }

    /// <summary>Adds the BackEnd core services and the HTTP/1.1 server as a hosted service, configured by <paramref name="configure"/> after the <c>BackEnd:Server</c> configuration section.</summary>
    /// <param name="services">The service collection of the host.</param>
    /// <param name="configure">Adjusts the server options.</param>
    /// <returns>A builder for further BackEnd registrations.</returns>
    public static IBackEndBuilder AddBackEnd(this IServiceCollection services, Action<BackEndServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddBackEnd().AddServer(configure);
    }
}
