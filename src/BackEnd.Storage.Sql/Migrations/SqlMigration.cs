using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using BackEnd.Storage.Sql.Migrations.Internal;

namespace BackEnd.Storage.Sql.Migrations;

/// <summary>One versioned change of the database schema, applied once, in its own transaction, and recorded with a checksum.</summary>
/// <remarks>
/// Write migrations as embedded <c>.sql</c> files (see <see cref="SqlStorageOptions.AddMigrationsFromAssembly"/>) or as subclasses.
/// A migration must never change once applied: the migrator compares checksums and refuses to start when they differ.
/// </remarks>
public abstract partial class SqlMigration
{
    /// <summary>Initializes the migration.</summary>
    /// <param name="version">The version, unique and positive; migrations run by ascending version.</param>
    /// <param name="name">A short name such as <c>create_users</c>.</param>
    /// <param name="database">The only database it applies to, or <see langword="null"/> for every database.</param>
    protected SqlMigration(long version, string name, SqlDatabaseKind? database = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Version = version;
        Name = name;
        Database = database;
    }

    /// <summary>Gets the version.</summary>
    public long Version { get; }

    /// <summary>Gets the name.</summary>
    public string Name { get; }

    /// <summary>Gets the only database this migration applies to, or <see langword="null"/> for every database.</summary>
    public SqlDatabaseKind? Database { get; }

    /// <summary>Gets the display name, <c>0001_create_users</c>.</summary>
    public string DisplayName => $"{Version.ToString("D4", CultureInfo.InvariantCulture)}_{Name}";

    /// <summary>Gets the checksum recorded when the migration is applied. Scripts hash their text; a C# migration hashes its version, name and type unless it overrides this.</summary>
    public virtual string Checksum => Hash($"{Version}:{Name}:{GetType().FullName}");

    /// <summary>Gets or sets checksums a database may have recorded for this version instead of <see cref="Checksum"/> (see <see cref="EmbeddedMigrations"/>).</summary>
    internal IReadOnlyCollection<string> EquivalentChecksums { get; set; } = [];

    /// <summary>Creates a migration from SQL text.</summary>
    /// <param name="version">The version.</param>
    /// <param name="name">The name.</param>
    /// <param name="sql">One or more statements.</param>
    /// <param name="database">The only database it applies to, or <see langword="null"/> for every database.</param>
    /// <returns>The migration.</returns>
    public static SqlMigration FromSql(long version, string name, string sql, SqlDatabaseKind? database = null)
        => new SqlScriptMigration(version, name, sql, database);

    /// <summary>Reads the migrations embedded in an assembly under a folder (see <see cref="SqlStorageOptions.AddMigrationsFromAssembly"/>).</summary>
    /// <param name="assembly">The assembly.</param>
    /// <param name="folder">The folder inside the project.</param>
    /// <returns>The migrations, for every database.</returns>
    public static IReadOnlyList<SqlMigration> FromEmbeddedResources(Assembly assembly, string folder = "Migrations")
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var marker = "." + folder.Replace('/', '.').Replace('\\', '.').Trim('.') + ".";
        var migrations = new List<SqlMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var at = resource.LastIndexOf(marker, StringComparison.Ordinal);
            if (at < 0 || !resource.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var file = resource[(at + marker.Length)..];
            var match = FileNamePattern().Match(file);
            if (!match.Success)
            {
                throw new InvalidOperationException(
                    $"The embedded migration '{file}' must be named like '0001_create_users.sql' (optionally '.sqlite.sql', '.postgres.sql' or '.mysql.sql').");
            }

            SqlDatabaseKind? database = match.Groups["db"].Success
                ? Enum.Parse<SqlDatabaseKind>(match.Groups["db"].Value, ignoreCase: true)
                : null;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            migrations.Add(new SqlScriptMigration(
                long.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd(),
                database));
        }

        return migrations;
    }

    /// <summary>Applies the migration inside the transaction the migrator opened.</summary>
    /// <param name="executor">Runs SQL in the migration's transaction.</param>
    /// <param name="database">The database being migrated.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <returns>A task that completes when the migration is applied.</returns>
    public abstract Task ApplyAsync(ISqlExecutor executor, SqlDatabaseKind database, CancellationToken cancellationToken = default);

    /// <summary>Hashes text for <see cref="Checksum"/> (SHA-256, hex), ignoring line-ending differences between checkouts.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The checksum.</returns>
    protected static string Hash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal))));
    }

    [GeneratedRegex(@"^(?<version>\d+)_(?<name>[A-Za-z0-9_]+)(\.(?<db>sqlite|postgres|mysql))?\.sql$", RegexOptions.IgnoreCase)]
    private static partial Regex FileNamePattern();
}
