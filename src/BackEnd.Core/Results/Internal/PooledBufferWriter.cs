using System.Buffers;

namespace BackEnd.HttpResults.Internal;

/// <summary>A growable buffer rented from the shared pool, so a serialized body costs no garbage.</summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    [ThreadStatic]
    private static PooledBufferWriter? t_cached;

    private byte[] _buffer;
    private int _written;

    private PooledBufferWriter(int size) => _buffer = ArrayPool<byte>.Shared.Rent(size);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public int WrittenCount => _written;

    public static PooledBufferWriter Rent()
    {
        var writer = t_cached;
        if (writer is null)
        {
            return new PooledBufferWriter(1024);
        }

        t_cached = null;
        return writer;
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Returns the writer to the per-thread cache; large buffers go back to the pool instead of being kept.</summary>
    public void Dispose()
    {
        _written = 0;
        if (_buffer.Length > 64 * 1024)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(1024);
        }

        t_cached = this;
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 256);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + needed));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
