namespace BackEnd.Server.Internal;

/// <summary>The response body as a write-only stream; writes are buffered by the connection and flushed per batch or when large.</summary>
internal sealed class ResponseBodyStream(Http1Connection connection) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
        // Bytes reach the client at the end of the batch; a synchronous flush would block a thread on the network.
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        connection.FlushResponseBodyAsync(cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => connection.WriteResponseBodySynchronously(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        connection.WriteResponseBodyAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        connection.WriteResponseBodyAsync(buffer, cancellationToken);
}
