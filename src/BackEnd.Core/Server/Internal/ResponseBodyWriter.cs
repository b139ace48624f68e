using System.IO.Pipelines;

namespace BackEnd.Server.Internal;

/// <summary>The response body as a pipe writer; framing (Content-Length, chunked, buffering) is the connection's.</summary>
internal sealed class ResponseBodyWriter(Http1Connection connection) : PipeWriter
{
    public override void Advance(int bytes) => connection.AdvanceResponseBody(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => connection.GetResponseBodyMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => connection.GetResponseBodyMemory(sizeHint).Span;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        connection.FlushResponseBodyAsync(cancellationToken);

    public override void CancelPendingFlush() => connection.Output.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        // The server completes the response when the handler returns; completing early changes nothing on the wire.
    }
}
