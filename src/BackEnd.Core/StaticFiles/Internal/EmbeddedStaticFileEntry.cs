namespace BackEnd.StaticFiles.Internal;

internal sealed class EmbeddedStaticFileEntry(EmbeddedFileContent content) : StaticFileEntry
{
    public override long Length => content.Bytes.Length;

    public override DateTimeOffset LastModified => content.LastModified;

    public override string ETag => content.ETag;

    public override ReadOnlyMemory<byte>? Content => content.Bytes;

    public override ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var available = content.Bytes.AsSpan((int)Math.Min(offset, content.Bytes.Length));
        var length = Math.Min(available.Length, destination.Length);
        available[..length].CopyTo(destination.Span);
        return new ValueTask<int>(length);
    }

    public override bool HasChanged() => false;

    public override void Dispose()
    {
    }
}
