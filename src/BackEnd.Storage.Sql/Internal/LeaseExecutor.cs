using System.Data.Common;

namespace BackEnd.Storage.Sql.Internal;

// Runs SQL on a connection someone else owns (the migrator's), optionally inside its transaction.
internal sealed class LeaseExecutor(SqlDialect dialect, SqlTelemetry telemetry, SqlLease lease, DbTransaction? transaction) : SqlExecutorBase(dialect, telemetry)
{
    protected override DbTransaction? Transaction => transaction;

    protected override ValueTask<SqlLease> AcquireAsync(CancellationToken cancellationToken) => ValueTask.FromResult(lease);

    protected override ValueTask ReleaseAsync(SqlLease lease) => ValueTask.CompletedTask;
}
