using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace BackEnd.StaticFiles.Internal;

/// <summary>
/// A file on disk. Either opened and checked at once, or described by cached validators that were still current when it was looked
/// up: then it is opened only when a body is sent (a 304 never opens it), and the opened handle must be that same file.
/// </summary>
internal sealed class PhysicalStaticFileEntry : StaticFileEntry
{
    private readonly CachedFileValidators? _cached;
    private readonly long _writeTicks;
    private SafeFileHandle? _handle;

    /// <summary>Describes an opened file from its handle, so its validators and its bytes come from the same file.</summary>
    public PhysicalStaticFileEntry(SafeFileHandle handle)
    {
        _handle = handle;
        Length = RandomAccess.GetLength(handle);
        var written = File.GetLastWriteTimeUtc(handle);
        _writeTicks = written.Ticks;
        LastModified = new DateTimeOffset(written.Ticks - (written.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        ETag = FormatETag(_writeTicks, Length);
    }

    /// <summary>Describes a file by validators checked current just now; <paramref name="handle"/> is the file they came from, if it is open.</summary>
    public PhysicalStaticFileEntry(CachedFileValidators validators, SafeFileHandle? handle)
    {
        _cached = validators;
        _handle = handle;
        Length = validators.Length;
        _writeTicks = validators.Stamp.ModifiedTicks;
        LastModified = validators.LastModified;
        ETag = validators.ETag;
    }

    public override long Length { get; }

    public override DateTimeOffset LastModified { get; }

    public override string LastModifiedText => _cached?.LastModifiedText ?? base.LastModifiedText;

    public override string ETag { get; }

    // The cast matters: a null array converts to an empty memory, not to null.
    public override ReadOnlyMemory<byte>? Content => _cached?.Content is { } content ? (ReadOnlyMemory<byte>?)content : null;

    /// <summary>Size and full-precision modification time: any write changes one of them, so the tag is strong in practice.</summary>
    internal static string FormatETag(long writeTicks, long length) => string.Create(CultureInfo.InvariantCulture, $"\"{writeTicks:x}-{length:x}\"");

    public override bool TryOpen()
    {
        if (_handle is not null || _cached!.Content is not null)
        {
            // Held bytes were read under the very stamp just checked, so they are the file the validators describe.
            return true;
        }

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(_cached!.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _cached.Expire();
            return false;
        }

        // Since the validators were last verified the path may have been given another file: only the one described may be sent.
        if (!FileStamp.TryRead(handle, out var stamp) || stamp != _cached.Stamp)
        {
            handle.Dispose();
            _cached.Expire();
            return false;
        }

        _handle = handle;
        return true;
    }

    public override ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken) =>
        RandomAccess.ReadAsync(_handle!, destination, offset, cancellationToken);

    public override bool HasChanged()
    {
        if (FileStamp.TryRead(_handle!, out var stamp))
        {
            return stamp.ModifiedTicks != _writeTicks || stamp.Size != Length;
        }

        return File.GetLastWriteTimeUtc(_handle!).Ticks != _writeTicks || RandomAccess.GetLength(_handle!) != Length;
    }

    public override void Dispose() => _handle?.Dispose();
}
