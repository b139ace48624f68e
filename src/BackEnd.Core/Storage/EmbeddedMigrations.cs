using System.Reflection;

namespace BackEnd.Storage;

/// <summary>
/// SQL migration scripts a package embeds for its own tables, named like an app's (<c>0001_create_users.sqlite.sql</c>,
/// <c>.postgres.sql</c>, <c>.mysql.sql</c>). Registered as a service, they are applied by the relational store of the same
/// app together with the app's migrations, in one version order and one history.
/// </summary>
public sealed class EmbeddedMigrations
{
    /// <summary>Initializes the scripts' location.</summary>
    /// <param name="assembly">The assembly that embeds the scripts.</param>
    /// <param name="folder">The folder of the scripts inside its project.</param>
    /// <param name="equivalentChecksums">
    /// Checksums of other scripts that created the same schema at the same version (copies apps kept before the package
    /// shipped its own); a database that recorded one of them counts as up to date instead of failing the drift check.
    /// </param>
    public EmbeddedMigrations(Assembly assembly, string folder = "Migrations", IEnumerable<string>? equivalentChecksums = null)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Assembly = assembly;
        Folder = folder;
        EquivalentChecksums = equivalentChecksums is null ? [] : [.. equivalentChecksums];
    }

    /// <summary>Gets the assembly that embeds the scripts.</summary>
    public Assembly Assembly { get; }

    /// <summary>Gets the folder of the scripts inside the assembly's project.</summary>
    public string Folder { get; }

    /// <summary>Gets the checksums accepted in place of the scripts' own (see the constructor).</summary>
    public IReadOnlyCollection<string> EquivalentChecksums { get; }
}
