using System.Reflection;
using BackEnd.StaticFiles.Internal;

namespace BackEnd.StaticFiles;

/// <summary>Where static files come from: a folder on disk or resources embedded in an assembly.</summary>
public abstract class StaticFileProvider
{
    private protected StaticFileProvider()
    {
    }

    /// <summary>Serves the files of a folder as they are on disk (no build-time manifest): added or changed files are served once <see cref="StaticFileOptions.RevalidateAfter"/> has passed.</summary>
    /// <param name="root">The folder; a relative path is relative to the current directory.</param>
    /// <returns>The provider.</returns>
    public static StaticFileProvider Physical(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        return new PhysicalStaticFileProvider(root);
    }

    /// <summary>
    /// Serves resources embedded in <paramref name="assembly"/> whose logical name starts with <paramref name="prefix"/>; embed them
    /// with <c>&lt;EmbeddedResource Include="wwwroot\**" LogicalName="wwwroot/%(RecursiveDir)%(Filename)%(Extension)" /&gt;</c>.
    /// Their descriptors (length, SHA-256 ETag) are built once, here.
    /// </summary>
    /// <param name="assembly">The assembly holding the resources.</param>
    /// <param name="prefix">The logical-name prefix that maps to the root, such as <c>wwwroot/</c>.</param>
    /// <returns>The provider.</returns>
    public static StaticFileProvider Embedded(Assembly assembly, string prefix = "wwwroot/")
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(prefix);
        return new EmbeddedStaticFileProvider(assembly, prefix);
    }

    /// <summary>Opens a file by its validated, '/'-separated path below the root; <see langword="null"/> when it is missing or not a file.</summary>
    internal abstract StaticFileEntry? Open(string subpath, StaticFileOptions options);

    /// <summary>Returns whether the path names a directory.</summary>
    internal abstract bool IsDirectory(string subpath);
}
