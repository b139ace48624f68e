using System.Diagnostics.CodeAnalysis;

namespace BackEnd.Storage.InMemory.Internal;

internal sealed class InMemoryTransaction(InMemoryEntityStore store) : IStorageTransaction
{
    private readonly List<Action> _undo = [];
    private bool _completed;

    public InMemoryEntityStore Store { get; } = store;
    public IRepository<TEntity, TKey> GetRepository<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicConstructors)] TEntity, TKey>()
        where TEntity : class
        where TKey : notnull
    {
        EnsureActive();
        return new InMemoryRepository<TEntity, TKey>(Store, this);
    }

    public void RecordUndo(Action undo) => _undo.Add(undo);

    public void EnsureActive() => ObjectDisposedException.ThrowIf(_completed, this);

    public ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        EnsureActive();
        _undo.Clear();
        Complete();
        return ValueTask.CompletedTask;
    }

    public ValueTask RollbackAsync(CancellationToken cancellationToken = default)
    {
        EnsureActive();
        Undo();
        Complete();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            Undo();
            Complete();
        }

        return ValueTask.CompletedTask;
    }

    private void Undo()
    {
        for (var i = _undo.Count - 1; i >= 0; i--)
        {
            _undo[i]();
        }

        _undo.Clear();
    }

    private void Complete()
    {
        _completed = true;
        Store.Gate.Release();
    }
}
