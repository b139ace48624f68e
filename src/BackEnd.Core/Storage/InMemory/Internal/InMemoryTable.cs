namespace BackEnd.Storage.InMemory.Internal;

internal sealed class InMemoryTable
{
    public Dictionary<object, object> Rows { get; } = [];

    public long LastIdentity { get; set; }
}
