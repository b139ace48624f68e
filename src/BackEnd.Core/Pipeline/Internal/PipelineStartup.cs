using BackEnd.Http;
using BackEnd.Server.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackEnd.Pipeline.Internal;

/// <summary>Builds the pipeline when the host starts, so configuration errors (such as ambiguous routes) stop the host.</summary>
internal sealed class PipelineStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<RequestDelegate>();

        // AddBackEnd() without server options registers no server (storage-only hosts need none), so an app that
        // configured routes but forgot the server would otherwise start silently and answer nothing.
        if (services.GetService<BackEndServer>() is null)
        {
            var logger = services.GetService<ILoggerFactory>()?.CreateLogger("BackEnd.Pipeline");
            if (logger is not null)
            {
                Log.NoServerRegistered(logger);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
