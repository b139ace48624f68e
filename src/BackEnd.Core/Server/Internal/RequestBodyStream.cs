using System.Buffers;

namespace BackEnd.Server.Internal;

/// <summary>The request body as a read-only stream over <see cref="RequestBodyReader"/>; synchronous reads are refused so no thread blocks on a slow client.</summary>
internal sealed class RequestBodyStream(RequestBodyReader reader, BackEndServerOptions options) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        Http1Connection.ThrowIfSynchronousIODisallowed(options);
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = ReadAsync(rented.AsMemory(0, buffer.Length)).AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var source = result.Buffer;
            if (result.IsCanceled)
            {
                throw new OperationCanceledException("The read was canceled.");
            }

            if (source.IsEmpty)
            {
                reader.AdvanceTo(source.End);
                if (result.IsCompleted)
                {
                    return 0;
                }

                continue;
            }

            var length = (int)Math.Min(source.Length, buffer.Length);
            var slice = source.Slice(0, length);
            slice.CopyTo(buffer.Span);
            reader.AdvanceTo(slice.End);
            return length;
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
