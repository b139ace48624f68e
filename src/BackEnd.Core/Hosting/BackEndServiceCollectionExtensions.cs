using BackEnd.Hosting.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Hosting;

/// <summary>Registers BackEnd in a service collection.</summary>
public static class BackEndServiceCollectionExtensions
{
    /// <summary>Adds the BackEnd core services and returns a builder that storage and auth packages extend.</summary>
    /// <param name="services">The service collection of the host.</param>
    /// <returns>A builder for further BackEnd registrations.</returns>
    public static IBackEndBuilder AddBackEnd(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new BackEndBuilder(services);
    }
}
