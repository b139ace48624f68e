using System.Net;

namespace BackEnd.Testing.Tests.Differential;

/// <summary>A body of unknown length, so the client sends it chunked.</summary>
internal sealed class ChunkedContent(byte[] bytes) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}

/// <summary>Sends "part1", waits until the server says it has read it, then sends "part2": only a streamed request body gets past the wait.</summary>
internal sealed class TwoPartContent(string id) : HttpContent
{
    public bool ServerSawFirstPart { get; private set; }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync("part1"u8.ToArray());
        await stream.FlushAsync();
        ServerSawFirstPart = await Gates.WaitAsync("got-part1:" + id);
        await stream.WriteAsync("part2"u8.ToArray());
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 10;
        return true;
    }
}
