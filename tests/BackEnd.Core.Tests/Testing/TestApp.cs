using BackEnd.Pipeline;
using BackEnd.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Core.Tests.Testing;

/// <summary>Starts an in-memory app for a test in one line.</summary>
internal static class TestApp
{
    public static async Task<TestAppHandle> StartAsync(
        Action<IApplicationBuilder> configure, string environment = "Production", Action<IServiceCollection>? services = null)
    {
        var host = await BackEndTestHost.StartAsync(
            backEnd => backEnd.Configure(configure),
            new BackEndTestHostOptions
            {
                EnvironmentName = environment,

                // Tests assert the redirect responses themselves.
                AllowAutoRedirect = false,
                ConfigureHost = builder => services?.Invoke(builder.Services),
            });
        return new TestAppHandle(host, host.CreateClient());
    }
}

internal sealed class TestAppHandle(BackEndTestHost host, HttpClient client) : IAsyncDisposable
{
    public BackEndTestHost Host { get; } = host;

    public HttpClient Client { get; } = client;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
