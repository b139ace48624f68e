namespace BackEnd.Testing.Tests.Differential;

/// <summary>The differential app hosted both ways, once for the whole run.</summary>
public sealed class DifferentialHosts : IAsyncLifetime
{
    internal BackEndTestHost InMemory { get; private set; } = null!;

    internal BackEndTestHost Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await BackEndTestHost.StartServerAsync(DifferentialApp.Configure, DifferentialApp.Options());

        // The same base address, so both hosts see the same Host header and absolute URLs.
        var options = DifferentialApp.Options();
        options.BaseAddress = Server.ServerAddress!;
        InMemory = await BackEndTestHost.StartAsync(DifferentialApp.Configure, options);
    }

    public async Task DisposeAsync()
    {
        await InMemory.DisposeAsync();
        await Server.DisposeAsync();
    }
}
