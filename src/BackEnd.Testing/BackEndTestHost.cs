using System.Net;
using BackEnd.Hosting;
using BackEnd.Http;
using BackEnd.Server;
using BackEnd.Server.Internal;
using BackEnd.Testing.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BackEnd.Testing;

/// <summary>
/// Runs a BackEnd application in memory, behind the server's own HTTP/1.1 connection code (limits, framing, resets), and
/// hands out <see cref="HttpClient"/>s that talk to it without a socket.
/// </summary>
public sealed class BackEndTestHost : IAsyncDisposable
{
    private readonly BackEndTestHostOptions _options;
    private readonly InMemoryServer? _server;

    private BackEndTestHost(IHost host, RequestDelegate application, BackEndTestHostOptions options, Uri? serverAddress)
    {
        Host = host;
        Application = application;
        _options = options;
        ServerAddress = serverAddress;
        if (serverAddress is null)
        {
            _server = new InMemoryServer(host.Services, application);
        }
    }

    /// <summary>Gets the base address of the real server started by <see cref="StartServerAsync"/>, or <see langword="null"/> in memory.</summary>
    public Uri? ServerAddress { get; }

    /// <summary>Gets the request option that sets the remote address a request appears to come from.</summary>
    /// <value>Default when not set: 127.0.0.1.</value>
    public static HttpRequestOptionsKey<IPAddress> RemoteIpAddressKey { get; } = new("BackEnd.RemoteIpAddress");

    /// <summary>Gets the started host.</summary>
    public IHost Host { get; }

    /// <summary>Gets the application's root services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>Gets the application's request delegate, as the server would receive it.</summary>
    public RequestDelegate Application { get; }

    /// <summary>Builds and starts a host whose BackEnd registrations are made by <paramref name="configure"/>.</summary>
    /// <param name="configure">Adds routes, middleware and services: <c>b =&gt; b.AddRoutes&lt;M&gt;()</c>.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The started host.</returns>
    public static Task<BackEndTestHost> StartAsync(Action<IBackEndBuilder> configure, BackEndTestHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return StartCoreAsync(configure, options ?? new BackEndTestHostOptions(), realServer: false);
    }

    /// <summary>Builds and starts the application on the real HTTP/1.1 server, listening on 127.0.0.1 on a free port.</summary>
    /// <param name="configure">Adds routes, middleware and services.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The started host; <see cref="ServerAddress"/> holds the base address and <see cref="CreateClient"/> talks over a socket.</returns>
    public static Task<BackEndTestHost> StartServerAsync(Action<IBackEndBuilder> configure, BackEndTestHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return StartCoreAsync(configure, options ?? new BackEndTestHostOptions(), realServer: true);
    }

    private static async Task<BackEndTestHost> StartCoreAsync(Action<IBackEndBuilder> configure, BackEndTestHostOptions options, bool realServer)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = options.EnvironmentName,
            DisableDefaults = true,
        });
        options.ConfigureHost?.Invoke(builder);
        var backEnd = builder.Services.AddBackEnd();
        configure(backEnd);

        // Port 0 in both modes: a real server gets a free port, and an app that registered the server itself never collides in memory.
        if (realServer || builder.Services.Any(static d => d.ServiceType == typeof(IServerAddresses)))
        {
            backEnd.AddServer(static server => server.Urls = "http://127.0.0.1:0");
        }
        else
        {
            // The in-memory server applies the same limits, bound and validated as the real server's.
            builder.Services.AddOptions<BackEndServerOptions>().ValidateOnStart();
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<BackEndServerOptions>, BackEndServerOptionsSetup>());
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BackEndServerOptions>, BackEndServerOptionsValidator>());
        }

        var host = builder.Build();
        try
        {
            await host.StartAsync().ConfigureAwait(false);
            var application = host.Services.GetService<RequestDelegate>()
                ?? throw new InvalidOperationException("The application registers no request delegate; add routes with services.AddBackEnd().AddRoutes(...) or .Configure(...).");
            Uri? address = null;
            if (realServer)
            {
                var addresses = host.Services.GetRequiredService<IServerAddresses>().Addresses;
                address = new Uri(addresses[0].TrimEnd('/') + "/");
            }

            return new BackEndTestHost(host, application, options, address);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Creates a client for the application: in memory, or over a socket after <see cref="StartServerAsync"/>.</summary>
    /// <returns>The client; disposing it does not stop the host.</returns>
    public HttpClient CreateClient() => new(CreateHandler()) { BaseAddress = ServerAddress ?? _options.BaseAddress };

    /// <summary>
    /// Creates the message handler behind <see cref="CreateClient"/>, for custom clients: a <see cref="SocketsHttpHandler"/>
    /// with a socket client's defaults, connected in memory to the server's own HTTP/1.1 connection code.
    /// </summary>
    /// <returns>The handler.</returns>
    public HttpMessageHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = _options.AllowAutoRedirect,
            UseCookies = _options.UseCookies,
        };
        if (_server is null)
        {
            return handler;
        }

        var server = _server;
        handler.UseProxy = false;
        handler.ConnectCallback = (_, _) => ValueTask.FromResult(server.Connect());
        return new RemoteAddressHandler(handler);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        await Host.StopAsync().ConfigureAwait(false);
        Host.Dispose();
    }
}
