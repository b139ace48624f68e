using System.Diagnostics.CodeAnalysis;
using BackEnd.Storage.Providers;

namespace BackEnd.Storage.InMemory.Internal;

internal sealed class InMemoryRepository<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicConstructors)] TEntity, TKey>
    : IRepository<TEntity, TKey>
    where TEntity : class
    where TKey : notnull
{
    private readonly InMemoryEntityStore _store;
    private readonly InMemoryTransaction? _transaction;
    private readonly EntityDescriptor _descriptor;

    public InMemoryRepository(InMemoryEntityStore store, InMemoryTransaction? transaction)
    {
        _store = store;
        _transaction = transaction;
        _descriptor = EntityDescriptor.For<TEntity>();
        if (_descriptor.Key.Type != typeof(TKey))
        {
            throw new InvalidOperationException($"The key of {typeof(TEntity).Name} is a {_descriptor.Key.Type.Name}, not a {typeof(TKey).Name}.");
        }
    }

    public async ValueTask<TEntity?> GetAsync(TKey id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Table.Rows.TryGetValue(id, out var row) ? Copy(row) : null;
        }
        finally
        {
            Exit();
        }
    }

    public async ValueTask<Page<TEntity>> QueryAsync(StorageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var resolved = ResolvedQuery.Resolve(_descriptor, query, _store.Cursors);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var matches = Table.Rows.Values.Where(row => Matches(resolved, row)).ToList();
            matches.Sort((a, b) => CompareRows(resolved.Sort, a, b));
            IEnumerable<object> page = matches;
            if (resolved.After is { } after)
            {
                page = page.Where(row => CompareToCursor(resolved.Sort, row, after) > 0);
            }

            var rows = page.Skip(resolved.Offset).Take(resolved.Limit + 1).Select(Copy).ToList();
            return resolved.CreatePage(rows, resolved.IncludeTotalCount ? matches.Count : null);
        }
        finally
        {
            Exit();
        }
    }

    public async ValueTask<long> CountAsync(StorageQuery? query = null, CancellationToken cancellationToken = default)
    {
        var resolved = ResolvedQuery.Resolve(_descriptor, query, _store.Cursors);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Table.Rows.Values.Count(row => Matches(resolved, row));
        }
        finally
        {
            Exit();
        }
    }

    public async ValueTask<TEntity> InsertAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var table = Table;
            var stored = _descriptor.Clone(entity);
            var key = _descriptor.Key.GetValue(stored);
            switch (_descriptor.KeyGeneration)
            {
                case KeyGeneration.Identity when Convert.ToInt64(key, System.Globalization.CultureInfo.InvariantCulture) == 0:
                    key = StorageValue.ConvertTo(++table.LastIdentity, _descriptor.Key.Type)!;
                    _descriptor.Key.SetValue(stored, key);
                    break;
                case KeyGeneration.NewGuid when (Guid)key! == Guid.Empty:
                    key = Guid.CreateVersion7();
                    _descriptor.Key.SetValue(stored, key);
                    break;
                case KeyGeneration.Identity:
                    table.LastIdentity = Math.Max(table.LastIdentity, Convert.ToInt64(key, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    break;
            }

            if (key is null || (key is string text && text.Length == 0))
            {
                throw new ArgumentException($"The key of a {typeof(TEntity).Name} must be set before it is inserted.", nameof(entity));
            }

            if (table.Rows.ContainsKey(key))
            {
                throw new DuplicateKeyException($"A {typeof(TEntity).Name} with this key already exists.");
            }

            CheckNotNull(stored);
            _descriptor.Version.SetValue(stored, 1L);
            table.Rows.Add(key, stored);
            _transaction?.RecordUndo(() => table.Rows.Remove(key));
            return Copy(stored);
        }
        finally
        {
            Exit();
        }
    }

    public async ValueTask<TEntity> UpdateAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var table = Table;
            var key = _descriptor.Key.GetValue(entity)!;
            var current = FindForChange(table, key, (long)_descriptor.Version.GetValue(entity)!);
            var stored = _descriptor.Clone(entity);
            CheckNotNull(stored);
            _descriptor.Version.SetValue(stored, (long)_descriptor.Version.GetValue(current)! + 1);
            table.Rows[key] = stored;
            _transaction?.RecordUndo(() => table.Rows[key] = current);
            return Copy(stored);
        }
        finally
        {
            Exit();
        }
    }

    public async ValueTask DeleteAsync(TKey id, long version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var table = Table;
            var current = FindForChange(table, id, version);
            table.Rows.Remove(id);
            _transaction?.RecordUndo(() => table.Rows[id] = current);
        }
        finally
        {
            Exit();
        }
    }

    private InMemoryTable Table => _store.GetTable(typeof(TEntity));

    private static bool Matches(ResolvedQuery query, object row)
    {
        foreach (var filter in query.Filters)
        {
            var value = filter.Property.GetValue(row);
            var matches = filter.Operator switch
            {
                FilterOperator.Equal => Equal(value, filter.Value),
                FilterOperator.NotEqual => filter.Value is null ? value is not null : value is not null && !Equal(value, filter.Value),
                FilterOperator.EqualIgnoreCase => value is string text && filter.Value is string wanted
                    && string.Equals(text, wanted, StringComparison.OrdinalIgnoreCase),
                FilterOperator.LessThan => value is not null && StorageValue.Compare(value, filter.Value) < 0,
                FilterOperator.LessThanOrEqual => value is not null && StorageValue.Compare(value, filter.Value) <= 0,
                FilterOperator.GreaterThan => value is not null && StorageValue.Compare(value, filter.Value) > 0,
                FilterOperator.GreaterThanOrEqual => value is not null && StorageValue.Compare(value, filter.Value) >= 0,
                _ => false,
            };
            if (!matches)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Equal(object? left, object? right)
        => left is null || right is null ? left is null && right is null : StorageValue.Compare(left, right) == 0;

    private static int CompareRows(IReadOnlyList<ResolvedSort> sort, object left, object right)
    {
        foreach (var key in sort)
        {
            var result = StorageValue.Compare(key.Property.GetValue(left), key.Property.GetValue(right));
            if (result != 0)
            {
                return key.Descending ? -result : result;
            }
        }

        return 0;
    }

    private static int CompareToCursor(IReadOnlyList<ResolvedSort> sort, object row, IReadOnlyList<object?> after)
    {
        for (var i = 0; i < sort.Count; i++)
        {
            var result = StorageValue.Compare(sort[i].Property.GetValue(row), after[i]);
            if (result != 0)
            {
                return sort[i].Descending ? -result : result;
            }
        }

        return 0;
    }

    private object FindForChange(InMemoryTable table, object key, long version)
    {
        if (!table.Rows.TryGetValue(key, out var current))
        {
            throw new EntityNotFoundException($"No {typeof(TEntity).Name} has this key.");
        }

        if ((long)_descriptor.Version.GetValue(current)! != version)
        {
            throw new ConcurrencyConflictException($"The {typeof(TEntity).Name} was changed by someone else since it was read.");
        }

        return current;
    }

    private void CheckNotNull(object entity)
    {
        // Mirrors NOT NULL columns: a non-nullable reference member holding null is refused like a database would.
        foreach (var property in _descriptor.Properties)
        {
            if (property.ValueType == typeof(string) || property.ValueType == typeof(byte[]))
            {
                var nullability = new System.Reflection.NullabilityInfoContext().Create(property.Property);
                if (nullability.WriteState == System.Reflection.NullabilityState.NotNull && property.GetValue(entity) is null)
                {
                    throw new ConstraintViolationException($"The field '{property.Name}' of {typeof(TEntity).Name} must not be null.");
                }
            }
        }
    }

    private TEntity Copy(object row) => (TEntity)_descriptor.Clone(row);

    private async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        if (_transaction is null)
        {
            await _store.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _transaction.EnsureActive();
        }
    }

    private void Exit()
    {
        if (_transaction is null)
        {
            _store.Gate.Release();
        }
    }
}
