using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;

namespace BackEnd.Storage.Sql.Internal;

// PostgreSQL and MySQL: the driver pools physical connections, but a command belongs to one connection object, so opening
// from its pool per operation built every command and its parameters anew and looked its prepared statement up by text
// again: a point read cost a third more than a kept prepared command. This keeps up to maxIdle connections open between
// operations with their commands, as the SQLite pool does; beyond that, operations take and give back the driver's.
internal abstract class ServerConnectionPool(int maxIdle) : SqlConnectionSource
{
    private readonly ConcurrentStack<SqlLease> _idle = new();
    private int _idleCount;
    private int _generation;

    public override bool TryRentIdle([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SqlLease? lease)
    {
        var generation = Volatile.Read(ref _generation);
        while (_idle.TryPop(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            if (idle.Generation == generation && idle.Connection.State == ConnectionState.Open)
            {
                lease = idle;
                return true;
            }

            idle.Dispose();
        }

        lease = null;
        return false;
    }

    public override async ValueTask<SqlLease> RentAsync(CancellationToken cancellationToken)
    {
        if (TryRentIdle(out var lease))
        {
            return lease;
        }

        var generation = Volatile.Read(ref _generation);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return CreateLease(connection, generation);
    }

    public override ValueTask ReturnAsync(SqlLease lease)
    {
        // A connection whose session caller SQL may have changed, whose prepared statements a schema change outdated, or
        // that broke, goes back to the driver (reset there, or dropped).
        if (!lease.SessionChanged && !lease.PlansStale && lease.Generation == Volatile.Read(ref _generation) && lease.Connection.State == ConnectionState.Open)
        {
            if (Interlocked.Increment(ref _idleCount) <= maxIdle)
            {
                _idle.Push(lease);
                return ValueTask.CompletedTask;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        return CloseAsync(lease);
    }

    // After a lost connection the kept ones are likely dead too (server restart, failover): each would fail one operation.
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        while (_idle.TryPop(out var lease))
        {
            Interlocked.Decrement(ref _idleCount);
            lease.Dispose();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        Clear();
        await DisposeDriverAsync().ConfigureAwait(false);
    }

    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    protected abstract SqlLease CreateLease(DbConnection connection, int generation);

    // Gives the connection back to the driver's pool, after undoing what caller SQL may have left in its session.
    protected abstract ValueTask CloseAsync(SqlLease lease);

    protected abstract ValueTask DisposeDriverAsync();
}
