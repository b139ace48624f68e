namespace BackEnd.Storage.Sql.Internal;

internal abstract class SqlConnectionSource : IAsyncDisposable
{
    public abstract SqlDialect Dialect { get; }

    public abstract ValueTask<SqlLease> RentAsync(CancellationToken cancellationToken);

    public abstract ValueTask ReturnAsync(SqlLease lease);

    public abstract ValueTask DisposeAsync();
}
