using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace BackEnd.StaticFiles.Internal;

internal sealed class PhysicalStaticFileEntry : StaticFileEntry
{
    private readonly SafeFileHandle _handle;
    private readonly long _writeTicks;

    public PhysicalStaticFileEntry(SafeFileHandle handle)
    {
        _handle = handle;
        Length = RandomAccess.GetLength(handle);
        var written = File.GetLastWriteTimeUtc(handle);
        _writeTicks = written.Ticks;
        var seconds = new DateTimeOffset(written.Ticks - (written.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        LastModified = seconds;

        // Size and full-precision modification time: any write changes one of them, so the tag is strong in practice.
        ETag = string.Create(CultureInfo.InvariantCulture, $"\"{_writeTicks:x}-{Length:x}\"");
    }

    public override long Length { get; }

    public override DateTimeOffset LastModified { get; }

    public override string ETag { get; }

    public override ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken) =>
        RandomAccess.ReadAsync(_handle, destination, offset, cancellationToken);

    public override bool HasChanged() =>
        File.GetLastWriteTimeUtc(_handle).Ticks != _writeTicks || RandomAccess.GetLength(_handle) != Length;

    public override void Dispose() => _handle.Dispose();
}
