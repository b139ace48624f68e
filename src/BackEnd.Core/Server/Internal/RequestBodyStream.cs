using System.Buffers;

namespace BackEnd.Server.Internal;

/// <summary>The request body as a read-only stream over <see cref="RequestBodyReader"/>; synchronous reads are refused so no thread blocks on a slow client.</summary>
internal sealed class RequestBodyStream(RequestBodyReader reader) : Stream
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

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new InvalidOperationException("Synchronous reads of the request body are not supported; use ReadAsync.");

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
