using System.Buffers;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Server.Internal;

/// <summary>
/// Request header fields kept as the raw bytes received; strings are made only when a handler first touches the
/// dictionary, so the plaintext path never allocates them.
/// </summary>
internal sealed class RequestHeaders : HeaderDictionary
{
    private byte[] _bytes = [];
    private int _used;
    private HeaderEntry[] _entries = new HeaderEntry[16];
    private int _count;
    private bool _materialized;
    private int _lookups;

    /// <summary>
    /// Lookups answered from the raw fields before all of them are made strings: a handler reading a few fields (a static
    /// file's If-None-Match, a missing If-Match) allocates only the values it finds, while one reading many pays once.
    /// </summary>
    private const int RawLookups = 8;

    public int RawCount => _count;

    public ReadOnlySpan<byte> RawName(int index) => _bytes.AsSpan(_entries[index].NameStart, _entries[index].NameLength);

    public ReadOnlySpan<byte> RawValue(int index) => _bytes.AsSpan(_entries[index].ValueStart, _entries[index].ValueLength);

    /// <summary>Copies one received field; the caller has validated it and enforced the limits.</summary>
    public int Append(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        var needed = _used + name.Length + value.Length;
        if (needed > _bytes.Length)
        {
            Grow(needed);
        }

        name.CopyTo(_bytes.AsSpan(_used));
        var nameStart = _used;
        _used += name.Length;
        value.CopyTo(_bytes.AsSpan(_used));
        var valueStart = _used;
        _used += value.Length;

        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        _entries[_count] = new HeaderEntry(nameStart, name.Length, valueStart, value.Length);
        return _count++;
    }

    public override void Reset()
    {
        base.Reset();
        _used = 0;
        _count = 0;
        _materialized = false;
        _lookups = 0;
    }

    /// <summary>Returns the byte buffer to the pool while the connection is idle, so idle connections hold no buffers.</summary>
    public void ReleaseBuffer()
    {
        if (_bytes.Length > 0 && _used == 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = [];
        }
    }

    protected override void EnsureMaterialized()
    {
        if (_materialized)
        {
            return;
        }

        _materialized = true;
        var store = RawStore;
        for (var i = 0; i < _count; i++)
        {
            var rawName = RawName(i);
            if (rawName.Length == 14 && System.Text.Ascii.EqualsIgnoreCase(rawName, "content-length"u8))
            {
                continue;
            }

            var name = HeaderText.GetName(rawName);
            var value = HeaderText.GetValue(RawValue(i));
            store[name] = store.TryGetValue(name, out var existing)
                ? StringValues.Concat(existing, value)
                : new StringValues(value);
        }
    }

    protected override bool TryGetStored(string key, out StringValues value)
    {
        if (_materialized || ++_lookups > RawLookups)
        {
            return Store.TryGetValue(key, out value);
        }

        value = default;
        var found = false;
        for (var i = 0; i < _count; i++)
        {
            ref readonly var entry = ref _entries[i];
            if (entry.NameLength == key.Length && Ascii.EqualsIgnoreCase(_bytes.AsSpan(entry.NameStart, entry.NameLength), key))
            {
                // Repeated fields combine in arrival order, as materializing them does.
                var text = HeaderText.GetValue(_bytes.AsSpan(entry.ValueStart, entry.ValueLength));
                value = found ? StringValues.Concat(value, text) : new StringValues(text);
                found = true;
            }
        }

        return found;
    }

    private void Grow(int needed)
    {
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(1024, _bytes.Length * 2)));
        _bytes.AsSpan(0, _used).CopyTo(next);
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
        }

        _bytes = next;
    }
}
