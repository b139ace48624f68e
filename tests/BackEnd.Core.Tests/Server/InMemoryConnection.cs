using System.IO.Pipelines;
using BackEnd.Http;
using BackEnd.Server;
using BackEnd.Server.Internal;

namespace BackEnd.Core.Tests.Server;

/// <summary>Drives one server connection through in-memory pipes via the internal entry point, no socket involved.</summary>
internal sealed class InMemoryConnection
{
    private readonly Pipe _toServer;
    private readonly Pipe _toClient = new();
    private readonly Task _server;

    public InMemoryConnection(ServerServices services, int minimumSegmentSize = 4096)
    {
        _toServer = new Pipe(new PipeOptions(minimumSegmentSize: minimumSegmentSize, useSynchronizationContext: false));
        _server = BackEndServer.ProcessConnectionAsync(services, new DuplexPipe(_toServer.Reader, _toClient.Writer));
    }

    public static ServerServices CreateServices(RequestDelegate app, Action<BackEndServerOptions>? configure = null)
    {
        var options = new BackEndServerOptions();
        configure?.Invoke(options);
        return new ServerServices(options, app);
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes) => await _toServer.Writer.WriteAsync(bytes);

    /// <summary>Appends without flushing, so small pieces become separate segments of one read.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        var span = _toServer.Writer.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        _toServer.Writer.Advance(bytes.Length);
    }

    public async Task FlushAsync() => await _toServer.Writer.FlushAsync();

    /// <summary>Ends the client's side and returns everything the server wrote until it closed.</summary>
    public async Task<byte[]> FinishAsync()
    {
        await _toServer.Writer.CompleteAsync();
        using var output = new MemoryStream();
        while (true)
        {
            var result = await _toClient.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            foreach (var segment in result.Buffer)
            {
                output.Write(segment.Span);
            }

            _toClient.Reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await _server.WaitAsync(TimeSpan.FromSeconds(20));
        return output.ToArray();
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
