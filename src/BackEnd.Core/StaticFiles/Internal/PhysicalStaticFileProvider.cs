using System.Collections.Concurrent;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace BackEnd.StaticFiles.Internal;

/// <summary>
/// Files on disk, looked up at each request. The first request for a path opens the file and checks where it really lies; when no
/// symbolic link is on its way, its validators are cached, and later requests revalidate them with one <c>statx</c> per path
/// segment instead of opening the file (a 304 then touches only metadata), at most once per <see cref="StaticFileOptions.RevalidateAfter"/>.
/// A small file's bytes are held with its validators, so serving it costs no open or read. A file replaced meanwhile (atomic rename)
/// keeps serving the version opened.
/// </summary>
internal sealed class PhysicalStaticFileProvider : StaticFileProvider
{
    /// <summary>Bounds the cache: a site with more files than this starts over rather than growing without limit.</summary>
    internal const int DefaultMaxCachedFiles = 10_000;

    /// <summary>Files up to this size are held in memory: typical icons, scripts and pages, where opening and reading cost more than sending.</summary>
    internal const int DefaultMaxHeldFileBytes = 64 * 1024;

    /// <summary>Bounds the bytes held for all files together.</summary>
    internal const long DefaultMaxHeldBytes = 32L * 1024 * 1024;

    private readonly int _maxCachedFiles;
    private readonly int _maxHeldFileBytes;
    private readonly long _maxHeldBytes;
    private readonly string _root;
    private readonly string _realRoot;
    private readonly ConcurrentDictionary<string, CachedFileValidators> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _missing = new(StringComparer.Ordinal);

    /// <summary>Bytes held by cached entries; approximate when requests race on one path, which only loosens the bound a little.</summary>
    private long _heldBytes;

    public PhysicalStaticFileProvider(string root, int maxCachedFiles = DefaultMaxCachedFiles, int maxHeldFileBytes = DefaultMaxHeldFileBytes, long maxHeldBytes = DefaultMaxHeldBytes)
    {
        _maxCachedFiles = maxCachedFiles;
        _maxHeldFileBytes = maxHeldFileBytes;
        _maxHeldBytes = maxHeldBytes;
        _root = Path.GetFullPath(root);
        _realRoot = RealPath(_root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
    }

    /// <summary>Gets how many paths have cached validators.</summary>
    internal int CachedCount => _cache.Count;

    /// <summary>Gets how many paths are remembered as missing.</summary>
    internal int MissingCount => _missing.Count;

    /// <summary>Gets how many bytes cached entries hold.</summary>
    internal long HeldBytes => Interlocked.Read(ref _heldBytes);

    internal override StaticFileEntry? Open(string subpath, StaticFileOptions options)
    {
        var maxAge = options.RevalidateAfterMilliseconds;
        if (_cache.TryGetValue(subpath, out var cached))
        {
            if (cached.IsCurrent(maxAge))
            {
                return new PhysicalStaticFileEntry(cached, handle: null);
            }

            if (_cache.TryRemove(new KeyValuePair<string, CachedFileValidators>(subpath, cached)))
            {
                Release(cached);
            }
        }

        // A path found missing stays missing for the same time a found file stays trusted: browsers ask for every text file with
        // Accept-Encoding, and each absent .br/.gz sibling would otherwise cost a failed open and its exception per request.
        if (maxAge > 0 && _missing.TryGetValue(subpath, out var missingSince))
        {
            if (Environment.TickCount64 - missingSince < maxAge)
            {
                return null;
            }

            _missing.TryRemove(new KeyValuePair<string, long>(subpath, missingSince));
        }

        var path = Path.Join(_root, subpath);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Missing, a directory, or unreadable: all read as "no such file".
            RememberMissing(subpath, maxAge);
            return null;
        }

        try
        {
            var cacheable = FileStamp.IsSupported;
            var real = !options.AllowSymlinksOutsideRoot || cacheable ? RealPathOf(handle, path) : null;
            if (!options.AllowSymlinksOutsideRoot && !IsInsideRoot(real!))
            {
                handle.Dispose();
                return null;
            }

            if (cacheable && TryCache(subpath, real!, handle) is { } validators)
            {
                return new PhysicalStaticFileEntry(validators, handle);
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

    private void RememberMissing(string subpath, long maxAge)
    {
        if (maxAge <= 0)
        {
            return;
        }

        if (_missing.Count >= _maxCachedFiles)
        {
            // Requests for ever new missing paths must not grow memory: start over, as the file cache does.
            _missing.Clear();
        }

        _missing[subpath] = Environment.TickCount64;
    }

    /// <summary>
    /// Caches the validators of a file opened at <paramref name="real"/> when that is the plain path below the real root, so
    /// re-stating the same folders and file without following links proves the path still leads to this file, inside the root.
    /// </summary>
    private CachedFileValidators? TryCache(string subpath, string real, SafeFileHandle handle)
    {
        var lexical = _realRoot + subpath.Replace('/', Path.DirectorySeparatorChar);
        if (!string.Equals(real, lexical, StringComparison.Ordinal) || !FileStamp.TryRead(handle, out var stamp) || !stamp.IsRegularFile)
        {
            return null;
        }

        var segments = subpath.Split('/');
        var folders = new byte[segments.Length - 1][];
        var folderStamps = new FileStamp[folders.Length];
        var folder = _realRoot;
        for (var i = 0; i < folders.Length; i++)
        {
            folder += segments[i];
            folders[i] = NullTerminated(folder);
            if (!FileStamp.TryRead(folders[i], out folderStamps[i]) || !folderStamps[i].IsDirectory)
            {
                return null;
            }

            folder += Path.DirectorySeparatorChar;
        }

        if (_cache.Count >= _maxCachedFiles)
        {
            _cache.Clear();
            Interlocked.Exchange(ref _heldBytes, 0);
        }

        byte[]? content = null;
        if (stamp.Size <= _maxHeldFileBytes && Interlocked.Add(ref _heldBytes, stamp.Size) <= _maxHeldBytes)
        {
            content = ReadWhole(handle, stamp);
            if (content is null)
            {
                // Written to while being read: this request streams from its handle (and aborts if that is mixed); the next one looks again.
                Interlocked.Add(ref _heldBytes, -stamp.Size);
                return null;
            }
        }
        else if (stamp.Size <= _maxHeldFileBytes)
        {
            Interlocked.Add(ref _heldBytes, -stamp.Size);
        }

        var validators = new CachedFileValidators(lexical, NullTerminated(lexical), folders, folderStamps, stamp, content);
        _cache.AddOrUpdate(subpath, validators, (_, previous) =>
        {
            Release(previous);
            return validators;
        });
        return validators;
    }

    /// <summary>Reads the whole file, keeping the bytes only if its stamp is still <paramref name="stamp"/> afterwards (so no write fell inside).</summary>
    private static byte[]? ReadWhole(SafeFileHandle handle, FileStamp stamp)
    {
        var content = new byte[stamp.Size];
        var read = 0;
        while (read < content.Length)
        {
            var count = RandomAccess.Read(handle, content.AsSpan(read), read);
            if (count <= 0)
            {
                return null;
            }

            read += count;
        }

        return FileStamp.TryRead(handle, out var after) && after == stamp ? content : null;
    }

    private void Release(CachedFileValidators validators)
    {
        if (validators.Content is { } content)
        {
            Interlocked.Add(ref _heldBytes, -content.Length);
        }
    }

    private static byte[] NullTerminated(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    private bool IsInsideRoot(string real) =>
        real.StartsWith(_realRoot, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>Finds where the opened file really is: on Linux from the handle itself, so no link can be swapped in between check and use.</summary>
    private static string RealPathOf(SafeFileHandle handle, string path)
    {
        if (OperatingSystem.IsLinux())
        {
            var fd = handle.DangerousGetHandle().ToInt64();
            return new FileInfo("/proc/self/fd/" + fd.ToString(System.Globalization.CultureInfo.InvariantCulture)).LinkTarget ?? RealPath(path);
        }

        return RealPath(path);
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
