using BackEnd.Storage.KeyValue;

namespace BackEnd.Auth.Internal;

/// <summary>The in-memory key/value store Auth counts in when the application registers none (limits then hold per node).</summary>
internal sealed class FallbackKeyValueStore(TimeProvider time) : IDisposable
{
    public InMemoryKeyValueStore Store { get; } = new(time);

    public void Dispose() => Store.Dispose();
}
