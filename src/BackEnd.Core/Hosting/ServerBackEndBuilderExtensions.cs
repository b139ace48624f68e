using BackEnd.Hosting.Internal;
using BackEnd.Http;
using BackEnd.Server;
using BackEnd.Server.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BackEnd.Hosting;

/// <summary>Adds the HTTP/1.1 server and the application delegate to a BackEnd builder.</summary>
public static class ServerBackEndBuilderExtensions
{
    /// <summary>Registers the HTTP/1.1 server as a hosted service (idempotent), with options bound from <c>BackEnd:Server</c> and validated at start.</summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="configure">Adjusts the options after configuration binding; optional.</param>
    /// <returns>The same builder.</returns>
    public static IBackEndBuilder AddServer(this IBackEndBuilder builder, Action<BackEndServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<BackEndServerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<BackEndServerOptions>, BackEndServerOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BackEndServerOptions>, BackEndServerOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<ServerAddresses>();
        services.TryAddSingleton<IServerAddresses>(static sp => sp.GetRequiredService<ServerAddresses>());
        services.TryAddSingleton<IRequestDelegateFactory, NotFoundRequestDelegateFactory>();
        services.TryAddSingleton<BackEndServer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ServerHostedService>());
        return builder;
    }

    /// <summary>Sets the delegate that handles every request, replacing any earlier one, and makes sure the server is registered.</summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="application">The request delegate.</param>
    /// <returns>The same builder.</returns>
    public static IBackEndBuilder Run(this IBackEndBuilder builder, RequestDelegate application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return builder.Run(_ => application);
    }

    /// <summary>Sets a factory that builds the request delegate from the container when the server starts, replacing any earlier one.</summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="factory">Builds the request delegate.</param>
    /// <returns>The same builder.</returns>
    public static IBackEndBuilder Run(this IBackEndBuilder builder, Func<IServiceProvider, RequestDelegate> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.AddServer();
        builder.Services.Replace(ServiceDescriptor.Singleton<IRequestDelegateFactory>(sp => new DelegateRequestDelegateFactory(sp, factory)));
        return builder;
    }
}
