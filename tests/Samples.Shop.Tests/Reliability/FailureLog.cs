namespace Samples.Shop.Tests.Reliability;

/// <summary>The first failures seen by concurrent load loops, kept for the report (a bounded number, so a failing run stays readable).</summary>
internal sealed class FailureLog
{
    private const int Kept = 20;
    private readonly List<string> _items = [];

    public IReadOnlyList<string> Items
    {
        get
        {
            lock (_items)
            {
                return [.. _items];
            }
        }
    }

    public void Add(string failure)
    {
        lock (_items)
        {
            if (_items.Count < Kept)
            {
                _items.Add(failure);
            }
        }
    }
}
