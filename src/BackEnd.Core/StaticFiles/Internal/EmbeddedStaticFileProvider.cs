using System.Reflection;
using System.Security.Cryptography;

namespace BackEnd.StaticFiles.Internal;

/// <summary>Resources embedded in an assembly; immutable, so their descriptors are built once, at construction.</summary>
internal sealed class EmbeddedStaticFileProvider : StaticFileProvider
{
    private readonly Dictionary<string, EmbeddedFileContent> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal) { string.Empty };

    public EmbeddedStaticFileProvider(Assembly assembly, string prefix)
    {
        // Resources have no file time of their own; the start of the process is when this version began to be served.
        var lastModified = TimeProvider.System.GetUtcNow();
        lastModified = lastModified.AddTicks(-(lastModified.Ticks % TimeSpan.TicksPerSecond));
        foreach (var name in assembly.GetManifestResourceNames())
        {
            var normalized = name.Replace('\\', '/');
            if (!normalized.StartsWith(prefix, StringComparison.Ordinal) || normalized.Length == prefix.Length)
            {
                continue;
            }

            var subpath = normalized[prefix.Length..];
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var hash = Convert.ToBase64String(SHA256.HashData(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            _files[subpath] = new EmbeddedFileContent(bytes, lastModified, "\"" + hash + "\"");
            for (var slash = subpath.LastIndexOf('/'); slash > 0; slash = subpath.LastIndexOf('/', slash - 1))
            {
                _directories.Add(subpath[..slash]);
            }
        }
    }

    internal override StaticFileEntry? Open(string subpath, StaticFileOptions options) =>
        _files.TryGetValue(subpath, out var content) ? new EmbeddedStaticFileEntry(content) : null;

    internal override bool IsDirectory(string subpath) => _directories.Contains(subpath.TrimEnd('/'));
}
