namespace BackEnd.StaticFiles.Internal;

/// <summary>
/// The validators of one file below the root, kept after a full check (opened, resolved inside the root, no symbolic link on the way)
/// together with the stamps that make them still true: the file's own and the identity of each folder between the root and it.
/// A small file's bytes are held too, read while its stamp stayed the same, so serving it needs neither an open nor a read.
/// </summary>
internal sealed class CachedFileValidators
{
    /// <summary>When the stamps were last found true, in <see cref="Environment.TickCount64"/> milliseconds; racing writers store close values, so no lock.</summary>
    private long _verifiedAt = Environment.TickCount64;

    public CachedFileValidators(string fullPath, byte[] path, byte[][] folders, FileStamp[] folderStamps, FileStamp stamp, byte[]? content)
    {
        Content = content;
        FullPath = fullPath;
        Path = path;
        Folders = folders;
        FolderStamps = folderStamps;
        Stamp = stamp;
        var ticks = stamp.ModifiedTicks;
        Length = stamp.Size;
        LastModified = new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        LastModifiedText = HttpValidators.FormatDate(LastModified);
        ETag = PhysicalStaticFileEntry.FormatETag(ticks, stamp.Size);
    }

    /// <summary>Gets the file's path below the real root.</summary>
    public string FullPath { get; }

    /// <summary>Gets <see cref="FullPath"/> UTF-8 and NUL-terminated.</summary>
    public byte[] Path { get; }

    /// <summary>Gets the folders between the real root and the file, outermost first, in the same encoding.</summary>
    public byte[][] Folders { get; }

    public FileStamp[] FolderStamps { get; }

    public FileStamp Stamp { get; }

    public long Length { get; }

    public DateTimeOffset LastModified { get; }

    public string LastModifiedText { get; }

    public string ETag { get; }

    /// <summary>Gets the whole file as it was when <see cref="Stamp"/> was taken, or <see langword="null"/> when it is not held.</summary>
    public byte[]? Content { get; }

    /// <summary>
    /// Returns whether the validators still describe the file: trusted without a system call while they were verified less than
    /// <paramref name="maxAgeMilliseconds"/> ago, otherwise verified again by <see cref="Verify"/>.
    /// </summary>
    public bool IsCurrent(long maxAgeMilliseconds)
    {
        var now = Environment.TickCount64;
        if (now - Volatile.Read(ref _verifiedAt) < maxAgeMilliseconds)
        {
            return true;
        }

        if (!Verify())
        {
            return false;
        }

        Volatile.Write(ref _verifiedAt, now);
        return true;
    }

    /// <summary>Makes the next <see cref="IsCurrent"/> ask the disk, e.g. once an open found another file at the path.</summary>
    public void Expire() => Volatile.Write(ref _verifiedAt, long.MinValue / 2);

    /// <summary>
    /// Re-stats the path without following links: every folder must still be the very directory that was checked (so no link
    /// or other directory was swapped in), and the file the same inode with the same size and times.
    /// </summary>
    private bool Verify()
    {
        for (var i = 0; i < Folders.Length; i++)
        {
            if (!FileStamp.TryRead(Folders[i], out var folder) || !folder.IsDirectory
                || folder.Device != FolderStamps[i].Device || folder.Inode != FolderStamps[i].Inode)
            {
                return false;
            }
        }

        return FileStamp.TryRead(Path, out var stamp) && stamp == Stamp;
    }
}
