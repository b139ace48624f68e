using BackEnd.Server.Internal;
using Microsoft.Extensions.Hosting;

namespace BackEnd.Hosting.Internal;

/// <summary>
/// Runs the server as the last thing the host starts and the first it stops, whatever the registration order:
/// requests must not arrive before storage migrations and the pipeline are ready, and in-flight requests must
/// finish before those services stop.
/// </summary>
internal sealed class ServerHostedService(BackEndServer server) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => server.StartAsync(cancellationToken);

    public Task StoppingAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
