using System.Diagnostics.CodeAnalysis;
using BackEnd.Storage.InMemory.Internal;
using BackEnd.Storage.Providers;

namespace BackEnd.Storage.InMemory;

/// <summary>An entity store that keeps everything in this process's memory; for unit tests of code that uses <see cref="IEntityStore"/>.</summary>
/// <remarks>
/// It passes the same contract suite as the SQL providers: keys, versions, conflicts, duplicate keys, queries and transactions behave alike.
/// Operations are serialized, and a transaction holds the store until it ends, so a non-transactional call made while
/// the same flow holds an open transaction waits for it (as a second writer would on SQLite).
/// Stored and returned entities are copies (<c>byte[]</c> members included), so changing an entity never changes what is stored.
/// </remarks>
public sealed class InMemoryEntityStore : IEntityStore
{
    private readonly Dictionary<Type, InMemoryTable> _tables = [];

    /// <summary>Initializes a store whose cursors are sealed with a key that lasts as long as the process.</summary>
    public InMemoryEntityStore()
        : this(CursorProtector.Ephemeral)
    {
    }

    /// <summary>Initializes a store whose cursors are sealed by <paramref name="cursors"/>.</summary>
    /// <param name="cursors">The cursor protector.</param>
    public InMemoryEntityStore(CursorProtector cursors)
    {
        ArgumentNullException.ThrowIfNull(cursors);
        Cursors = cursors;
    }

    internal CursorProtector Cursors { get; }

    internal SemaphoreSlim Gate { get; } = new(1, 1);

    /// <inheritdoc />
    public IRepository<TEntity, TKey> GetRepository<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicConstructors)] TEntity, TKey>()
        where TEntity : class
        where TKey : notnull
        => new InMemoryRepository<TEntity, TKey>(this, transaction: null);

    /// <inheritdoc />
    public async ValueTask<IStorageTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new InMemoryTransaction(this);
    }

    internal InMemoryTable GetTable(Type entityType)
    {
        // Only called while holding the gate, so a plain dictionary is safe.
        if (!_tables.TryGetValue(entityType, out var table))
        {
            table = new InMemoryTable();
            _tables.Add(entityType, table);
        }

        return table;
    }
}
