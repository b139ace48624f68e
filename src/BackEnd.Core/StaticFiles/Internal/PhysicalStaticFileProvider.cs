using Microsoft.Win32.SafeHandles;

namespace BackEnd.StaticFiles.Internal;

/// <summary>
/// Files on disk, looked up at each request. Each file is opened once per response; its length and modification time
/// are read from the open handle, so a file replaced meanwhile (atomic rename) keeps serving the version opened.
/// </summary>
internal sealed class PhysicalStaticFileProvider : StaticFileProvider
{
    private readonly string _root;
    private readonly string _realRoot;

    public PhysicalStaticFileProvider(string root)
    {
        _root = Path.GetFullPath(root);
        _realRoot = RealPath(_root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
    }

    internal override StaticFileEntry? Open(string subpath, StaticFileOptions options)
    {
        var path = Path.Join(_root, subpath);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Missing, a directory, or unreadable: all read as "no such file".
            return null;
        }

        try
        {
            if (!options.AllowSymlinksOutsideRoot && !IsInsideRoot(handle, path))
            {
                handle.Dispose();
                return null;
            }

            return new PhysicalStaticFileEntry(handle);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            handle.Dispose();
            return null;
        }
    }

    internal override bool IsDirectory(string subpath) => Directory.Exists(Path.Join(_root, subpath));

    /// <summary>Checks where the opened file really is: on Linux from the handle itself, so no link can be swapped in between check and use.</summary>
    private bool IsInsideRoot(SafeFileHandle handle, string path)
    {
        string real;
        if (OperatingSystem.IsLinux())
        {
            var fd = handle.DangerousGetHandle().ToInt64();
            real = new FileInfo("/proc/self/fd/" + fd.ToString(System.Globalization.CultureInfo.InvariantCulture)).LinkTarget ?? RealPath(path);
        }
        else
        {
            real = RealPath(path);
        }

        return real.StartsWith(_realRoot, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    /// <summary>Resolves every symbolic link along a path, component by component.</summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? string.Empty;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Join(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                if (target is not null)
                {
                    next = RealPath(target.FullName);
                }
            }

            current = next;
        }

        return current;
    }
}
