using System.Runtime.InteropServices;

namespace BackEnd.StaticFiles.Internal;

/// <summary>
/// What one <c>statx(2)</c> says about a file: which inode it is and when it last changed. Two equal stamps name the same, unchanged
/// file: a write moves the size or mtime, and a rename, link, chmod or <c>utimes</c> moves the ctime, which no caller can set back.
/// </summary>
internal readonly record struct FileStamp(ulong Device, ulong Inode, ushort Mode, long Size, long ModifiedSeconds, uint ModifiedNanoseconds, long ChangedSeconds, uint ChangedNanoseconds)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const ushort TypeMask = 0xF000;

    private static int s_unavailable;

    /// <summary>Gets a value indicating whether stamps can be read here (Linux with a libc that has <c>statx</c>).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && Volatile.Read(ref s_unavailable) == 0;

    public bool IsRegularFile => (Mode & TypeMask) == 0x8000;

    public bool IsDirectory => (Mode & TypeMask) == 0x4000;

    /// <summary>Gets the modification time in .NET ticks since 0001, as <see cref="File.GetLastWriteTimeUtc(string)"/> reports it.</summary>
    public long ModifiedTicks => DateTime.UnixEpoch.Ticks + (ModifiedSeconds * TimeSpan.TicksPerSecond) + (ModifiedNanoseconds / 100);

    /// <summary>Stats a path without following a final symbolic link.</summary>
    /// <param name="path">The path, UTF-8 and NUL-terminated.</param>
    /// <param name="stamp">The stamp, when the call succeeds.</param>
    /// <returns>Whether the path exists and could be stated.</returns>
    public static bool TryRead(byte[] path, out FileStamp stamp) => TryRead(AtFdCwd, path, AtSymlinkNoFollow, out stamp);

    /// <summary>Stats an open file.</summary>
    public static bool TryRead(SafeHandle handle, out FileStamp stamp)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return TryRead((int)handle.DangerousGetHandle(), [0], AtEmptyPath, out stamp);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static bool TryRead(int directory, byte[] path, int flags, out FileStamp stamp)
    {
        stamp = default;
        if (!IsSupported)
        {
            return false;
        }

        Statx buffer;
        try
        {
            if (NativeMethods.statx(directory, path, flags, StatxBasicStats, out buffer) != 0)
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // An old libc: callers fall back to opening and resolving the file at every request.
            Volatile.Write(ref s_unavailable, 1);
            return false;
        }

        stamp = new FileStamp(
            ((ulong)buffer.DevMajor << 32) | buffer.DevMinor,
            buffer.Inode,
            buffer.Mode,
            (long)buffer.Size,
            buffer.ModifiedSeconds,
            buffer.ModifiedNanoseconds,
            buffer.ChangedSeconds,
            buffer.ChangedNanoseconds);
        return true;
    }

    /// <summary>The kernel's <c>struct statx</c> (linux/stat.h), whose layout is the same on every architecture.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct Statx
    {
        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(40)]
        public ulong Size;

        [FieldOffset(96)]
        public long ChangedSeconds;

        [FieldOffset(104)]
        public uint ChangedNanoseconds;

        [FieldOffset(112)]
        public long ModifiedSeconds;

        [FieldOffset(120)]
        public uint ModifiedNanoseconds;

        [FieldOffset(136)]
        public uint DevMajor;

        [FieldOffset(140)]
        public uint DevMinor;
    }

    private static class NativeMethods
    {
        [DllImport("libc", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int statx(int dirfd, byte[] pathname, int flags, uint mask, out Statx statxbuf);
    }
}
