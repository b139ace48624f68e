using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Npgsql;

namespace BackEnd.Storage.Sql.Internal;

internal sealed class SqlStorageOptionsValidator : IValidateOptions<SqlStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqlStorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"No SQL connection string: call UseSqlite(...), UsePostgres(...) or UseMySql(...), or set ConnectionStrings:{options.ConnectionStringName}.");
        }
        else if (CheckConnectionString(options.Database, options.ConnectionString) is { } problem)
        {
            failures.Add(problem);
        }

        if (options.MigrationLockTimeout <= TimeSpan.Zero)
        {
            failures.Add("MigrationLockTimeout must be positive.");
        }

        if (options.CommandTimeout <= TimeSpan.Zero)
        {
            failures.Add("CommandTimeout must be positive.");
        }

        if (options.BusyTimeout < TimeSpan.Zero)
        {
            failures.Add("BusyTimeout must not be negative.");
        }

        if (options.FileCheckInterval < TimeSpan.Zero)
        {
            failures.Add("FileCheckInterval must not be negative.");
        }

        if (options.MaxPoolSize < 1)
        {
            failures.Add("MaxPoolSize must be at least 1.");
        }

        if (string.IsNullOrEmpty(options.MigrationsTable) || !options.MigrationsTable.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            failures.Add("MigrationsTable must be a plain name of letters, digits and underscores.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Names the offending keyword, never a value: the connection string may hold a password.
    private static string? CheckConnectionString(SqlDatabaseKind database, string connectionString)
    {
        var generic = new DbConnectionStringBuilder();
        try
        {
            generic.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return $"The {database} connection string is not a list of keyword=value pairs separated by ';' (check quotes and '=' signs).";
        }

        DbConnectionStringBuilder specific = database switch
        {
            SqlDatabaseKind.Postgres => PostgresBuilder(),
            SqlDatabaseKind.MySql => MySqlBuilder(),
            _ => new SqliteConnectionStringBuilder(),
        };
        foreach (string keyword in generic.Keys)
        {
            try
            {
                specific[keyword] = generic[keyword];
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException or OverflowException or NotSupportedException)
            {
                var shown = keyword.Length > 64 ? string.Concat(keyword.AsSpan(0, 64), "…") : keyword;
                return specific.ContainsKey(keyword)
                    ? $"The {database} connection string has an invalid value for the keyword '{shown}'."
                    : $"The {database} connection string has the keyword '{shown}', which {database} does not know.";
            }
        }

        return null;
    }

    // Each driver's builder in its own method, never inlined, typed as the base class: a driver's type named in the caller,
    // even as a callee's return type, made the JIT load Npgsql and MySqlConnector (~1.7 MB mapped) in every app, SQLite ones too.
#pragma warning disable CA1859 // The base return type is the point: see above.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DbConnectionStringBuilder PostgresBuilder() => new NpgsqlConnectionStringBuilder();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DbConnectionStringBuilder MySqlBuilder() => new MySqlConnectionStringBuilder();
#pragma warning restore CA1859
}
