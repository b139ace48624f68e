namespace BackEnd.Storage.Sql.Internal;

internal abstract class SqlConnectionSource : IAsyncDisposable
{
    public abstract SqlDialect Dialect { get; }

    public abstract ValueTask<SqlLease> RentAsync(CancellationToken cancellationToken);

    // A lease without waiting or opening, when one is idle; spares the common case the asynchronous machinery.
    public virtual bool TryRentIdle([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SqlLease? lease)
    {
        lease = null;
        return false;
    }

    public abstract ValueTask ReturnAsync(SqlLease lease);

    public abstract ValueTask DisposeAsync();
}
