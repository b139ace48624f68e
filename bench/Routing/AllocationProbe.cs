using System.IO.Pipelines;
using System.Text;
using BackEnd.Hosting;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Server;
using BackEnd.Server.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Bench.Routing;

/// <summary>
/// Drives the whole application (server connection, pipeline, router, binding, result) over in-memory pipes and reports
/// bytes allocated per request; run with <c>--alloc</c>. Unlike the BenchmarkDotNet numbers this includes the server.
/// </summary>
internal static class AllocationProbe
{
    private const int Warmup = 20_000;
    private const int Measured = 100_000;
    private static readonly byte[] HelloWorld = "Hello, World!"u8.ToArray();

    public static async Task RunAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBackEnd().Configure(app =>
        {
            app.MapGet("/plaintext", () => "Hello, World!");
            app.MapGet("/json", () => new Message("Hello, World!"));
            app.MapGet("/users/{id:int}", (int id) => new User(id, "user" + id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            app.MapGet("/scoped/{id:int}", (int id, Counter counter) => counter.Next(id));
        });
        services.AddScoped<Counter>();
        await using var provider = services.BuildServiceProvider();
        var application = provider.GetRequiredService<RequestDelegate>();
        var serverServices = new ServerServices(new BackEndServerOptions(), application, services: provider);

        var raw = new ServerServices(new BackEndServerOptions(), WriteRawAsync, services: provider);
        for (var round = 0; round < 4; round++)
        {
            await ReportAsync(raw, "/plaintext", "server only");
            foreach (var path in new[] { "/plaintext", "/json", "/users/42", "/scoped/7" })
            {
                await ReportAsync(serverServices, path, "pipeline");
            }
        }
    }

    private static async Task ReportAsync(ServerServices services, string path, string label)
    {
        var (bytes, nanoseconds) = await MeasureAsync(services, path);
        Console.WriteLine($"{label,-12} {path,-12} {bytes,8:F1} B/request {nanoseconds,8:F0} ns CPU/request");
    }

    /// <summary>The plaintext response written straight to the server's response, for the cost below the pipeline.</summary>
    private static ValueTask WriteRawAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = 13;
        return response.WriteAsync(HelloWorld);
    }

    private static async Task<(double Bytes, double Nanoseconds)> MeasureAsync(ServerServices services, string path)
    {
        var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        var toServer = new Pipe(new PipeOptions(useSynchronizationContext: false, pauseWriterThreshold: 0));
        var toClient = new Pipe(new PipeOptions(useSynchronizationContext: false, pauseWriterThreshold: 0));
        var server = BackEndServer.ProcessConnectionAsync(services, new Duplex(toServer.Reader, toClient.Writer));
        await RoundTripsAsync(toServer.Writer, toClient.Reader, request, Warmup);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var started = Environment.CpuUsage.TotalTime;
        await RoundTripsAsync(toServer.Writer, toClient.Reader, request, Measured);
        var elapsed = Environment.CpuUsage.TotalTime - started;
        var after = GC.GetTotalAllocatedBytes(precise: true);
        await toServer.Writer.CompleteAsync();
        await server;
        return ((after - before) / (double)Measured, elapsed.TotalNanoseconds / Measured);
    }

    private static async Task RoundTripsAsync(PipeWriter writer, PipeReader reader, byte[] request, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await writer.WriteAsync(request);
            var result = await reader.ReadAsync();
            reader.AdvanceTo(result.Buffer.End);
        }
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    internal sealed record Message(string Text);

    internal sealed record User(int Id, string Name);

    internal sealed class Counter
    {
        private int _count;

        public int Next(int id) => id + ++_count;
    }
}
