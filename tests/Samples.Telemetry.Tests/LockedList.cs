using System.Collections.ObjectModel;

namespace Samples.Telemetry.Tests;

/// <summary>A list the in-memory exporters can add to from request threads while a test reads it.</summary>
internal sealed class LockedList<T> : Collection<T>
{
    private readonly Lock _lock = new();

    public T[] Snapshot()
    {
        lock (_lock)
        {
            return [.. Items];
        }
    }

    protected override void InsertItem(int index, T item)
    {
        lock (_lock)
        {
            base.InsertItem(index, item);
        }
    }

    protected override void ClearItems()
    {
        lock (_lock)
        {
            base.ClearItems();
        }
    }
}
