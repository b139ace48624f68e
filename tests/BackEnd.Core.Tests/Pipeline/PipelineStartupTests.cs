using BackEnd.Core.Tests.Testing;
using BackEnd.Hosting;
using BackEnd.Pipeline;
using BackEnd.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackEnd.Core.Tests.Pipeline;

public sealed class PipelineStartupTests
{
    [Fact]
    public async Task Start_RoutesWithoutServer_WarnsThatNothingListens()
    {
        var logs = await StartAndCollectLogsAsync(services => services.AddBackEnd());

        Assert.Contains(logs, m => m.Level == LogLevel.Warning && m.Message.Contains("no HTTP server is registered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_RoutesWithServer_NoWarning()
    {
        var logs = await StartAndCollectLogsAsync(services => services.AddBackEnd(o => o.Urls = "http://127.0.0.1:0"));

        Assert.DoesNotContain(logs, m => m.Message.Contains("no HTTP server is registered", StringComparison.Ordinal));
    }

    private static async Task<List<(string Category, LogLevel Level, string Message)>> StartAndCollectLogsAsync(Func<IServiceCollection, IBackEndBuilder> addBackEnd)
    {
        var provider = new ListLoggerProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(provider);
        addBackEnd(builder.Services).Configure(app => app.MapGet("/", () => "x"));
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        return [.. provider.Messages];
    }
}
