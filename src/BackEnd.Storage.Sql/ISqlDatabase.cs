namespace BackEnd.Storage.Sql;

/// <summary>The relational store: SQL with bound parameters, transactions, and repositories (it is also the <see cref="IEntityStore"/>).</summary>
/// <remarks>Each call outside a transaction takes a pooled connection and commits on its own.</remarks>
public interface ISqlDatabase : ISqlExecutor, IEntityStore
{
    /// <summary>Starts a transaction; use it with <c>await using</c>, it rolls back unless committed.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The transaction, which runs SQL and hands out repositories that share it.</returns>
    new ValueTask<ISqlTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default);
}
