namespace BackEnd.Storage.KeyValue;

/// <summary>A key/value store with expiry, for sessions, caches, rate limits and "last N items" lists.</summary>
/// <remarks>
/// Every engine (in-memory, LiteDB, PostgreSQL, Redis) gives the same answers: an expired key is invisible at once (a background sweep
/// only reclaims space), a key holds either a text value or a list, and using it as the other kind throws <see cref="InvalidOperationException"/>.
/// Keys are 1 to <see cref="KeyValueLimits.MaxKeyLength"/> characters; keys and values must be well-formed UTF-16 (no lone surrogates),
/// otherwise <see cref="ArgumentException"/>. Outages surface as <see cref="StorageUnavailableException"/>.
/// </remarks>
public interface IKeyValueStore
{
    /// <summary>Reads a text value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value, or <see langword="null"/> when the key is missing or expired.</returns>
    ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores a text value, replacing whatever the key held.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="timeToLive">How long the key lives; <see langword="null"/> keeps it until deleted.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    ValueTask SetAsync(string key, string value, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes a key of either kind.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>Whether a live key was deleted.</returns>
    ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="delta"/> to an integer value atomically, starting from 0 when the key is missing.</summary>
    /// <param name="key">The key.</param>
    /// <param name="delta">The amount to add (may be negative).</param>
    /// <param name="timeToLive">The lifetime given to a key this call creates; an existing key keeps its expiry.</param>
    /// <param name="cancellationToken">Cancels the increment.</param>
    /// <returns>The new value.</returns>
    /// <exception cref="InvalidOperationException">The key holds text that is not an integer, or a list.</exception>
    ValueTask<long> IncrementAsync(string key, long delta = 1, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces a text value only if it still equals <paramref name="expected"/>, atomically.</summary>
    /// <param name="key">The key.</param>
    /// <param name="expected">The value the caller last read, or <see langword="null"/> to require that the key is missing.</param>
    /// <param name="value">The new value.</param>
    /// <param name="timeToLive">The new lifetime; <see langword="null"/> keeps the key until deleted.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether the value was replaced.</returns>
    ValueTask<bool> CompareAndSetAsync(string key, string? expected, string value, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default);

    /// <summary>Puts a value at the front of a list and keeps only its first <paramref name="maxLength"/> items, atomically.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="maxLength">How many of the newest items to keep (at least 1).</param>
    /// <param name="timeToLive">The list's lifetime from now; <see langword="null"/> keeps it until deleted.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The list's length after the trim.</returns>
    ValueTask<long> ListPushAsync(string key, string value, int maxLength, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the first items of a list, newest first.</summary>
    /// <param name="key">The key.</param>
    /// <param name="count">How many items at most.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The items; empty when the key is missing or expired.</returns>
    ValueTask<IReadOnlyList<string>> ListRangeAsync(string key, int count, CancellationToken cancellationToken = default);
}
