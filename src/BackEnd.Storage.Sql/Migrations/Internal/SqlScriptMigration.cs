namespace BackEnd.Storage.Sql.Migrations.Internal;

internal sealed class SqlScriptMigration(long version, string name, string sql, SqlDatabaseKind? database)
    : SqlMigration(version, name, database)
{
    public override string Checksum { get; } = Hash(sql);

    public override Task ApplyAsync(ISqlExecutor executor, SqlDatabaseKind database, CancellationToken cancellationToken = default)
        => executor.ExecuteAsync(sql, cancellationToken: cancellationToken).AsTask();
}
