using BackEnd.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackEnd.Pipeline.Internal;

/// <summary>Builds the pipeline when the host starts, so configuration errors (such as ambiguous routes) stop the host.</summary>
internal sealed class PipelineStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<RequestDelegate>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
