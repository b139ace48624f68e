using BackEnd.Pipeline;
using BackEnd.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Core.Tests.Testing;

/// <summary>Starts an in-memory app for a test in one line.</summary>
internal static class TestApp
{
    public static async Task<(BackEndTestHost Host, HttpClient Client)> StartAsync(
        Action<IApplicationBuilder> configure, string environment = "Production", Action<IServiceCollection>? services = null)
    {
        var host = await BackEndTestHost.StartAsync(
            backEnd => backEnd.Configure(configure),
            new BackEndTestHostOptions
            {
                EnvironmentName = environment,
                ConfigureHost = builder => services?.Invoke(builder.Services),
            });
        return (host, host.CreateClient());
    }
}
