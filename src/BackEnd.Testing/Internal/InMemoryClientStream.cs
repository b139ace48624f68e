using System.Buffers;
using System.IO.Pipelines;

namespace BackEnd.Testing.Internal;

/// <summary>The client's end of an <see cref="InMemoryConnection"/>, handed to <see cref="SocketsHttpHandler"/> in place of a socket stream.</summary>
internal sealed class InMemoryClientStream(InMemoryConnection connection, PipeReader input, PipeWriter output) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            ThrowIfBroken();
            ReadResult result;
            try
            {
                result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException) when (connection.IsClientClosed)
            {
                throw new ObjectDisposedException(nameof(InMemoryClientStream));
            }

            // A reset discards what was not read yet, as a TCP RST does: a truncated response never looks complete.
            ThrowIfBroken();
            var data = result.Buffer;
            if (result.IsCanceled)
            {
                input.AdvanceTo(data.Start);
                continue;
            }

            if (data.IsEmpty || buffer.IsEmpty)
            {
                // A zero-byte read (the handler probes idle connections this way) waits for data without taking it.
                input.AdvanceTo(data.Start);
                return 0;
            }

            var count = (int)Math.Min(data.Length, buffer.Length);
            data.Slice(0, count).CopyTo(buffer.Span);
            input.AdvanceTo(data.GetPosition(count));
            return count;
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfBroken();
        try
        {
            // When the server has stopped reading (it answered early and closed), the flush reports completion and the
            // bytes are dropped, as the server's graceful close drains what a client still sends over a socket.
            await output.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException) when (connection.IsClientClosed)
        {
            throw new ObjectDisposedException(nameof(InMemoryClientStream));
        }

        ThrowIfBroken();
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            connection.OnClientClosed();
        }

        base.Dispose(disposing);
    }

    private void ThrowIfBroken()
    {
        if (connection.IsReset)
        {
            throw new IOException("The server reset the connection.");
        }

        ObjectDisposedException.ThrowIf(connection.IsClientClosed, this);
    }
}
