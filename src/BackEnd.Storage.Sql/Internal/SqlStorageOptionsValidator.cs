using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackEnd.Storage.Sql.Internal;

internal sealed class SqlStorageOptionsValidator : IValidateOptions<SqlStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqlStorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"No SQL connection string: call UseSqlite(...) or UsePostgres(...), or set ConnectionStrings:{options.ConnectionStringName}.");
        }
        else
        {
            try
            {
                // The connection string is never echoed: it may hold a password.
                _ = options.Database == SqlDatabaseKind.Postgres
                    ? (object)new NpgsqlConnectionStringBuilder(options.ConnectionString)
                    : new SqliteConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException)
            {
                failures.Add($"The {options.Database} connection string is malformed.");
            }
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
}
