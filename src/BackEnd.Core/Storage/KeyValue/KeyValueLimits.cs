namespace BackEnd.Storage.KeyValue;

/// <summary>The limits every <see cref="IKeyValueStore"/> engine enforces alike, and the checks for them. For engines.</summary>
public static class KeyValueLimits
{
    /// <summary>The longest key, in UTF-16 code units.</summary>
    public const int MaxKeyLength = 512;

    /// <summary>The largest value, in UTF-16 code units (16 MiB of text).</summary>
    public const int MaxValueLength = 16 * 1024 * 1024;

    /// <summary>The longest list kept by <see cref="IKeyValueStore.ListPushAsync"/>.</summary>
    public const int MaxListLength = 100_000;

    /// <summary>Checks a key.</summary>
    /// <param name="key">The key.</param>
    /// <exception cref="ArgumentException">Empty, too long or not well-formed UTF-16.</exception>
    public static void CheckKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"A key is at most {MaxKeyLength} characters.", nameof(key));
        }

        CheckText(key, nameof(key));
    }

    /// <summary>Checks a value.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">Too long or not well-formed UTF-16.</exception>
    public static void CheckValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxValueLength)
        {
            throw new ArgumentException($"A value is at most {MaxValueLength} characters.", nameof(value));
        }

        CheckText(value, nameof(value));
    }

    /// <summary>Checks a time to live.</summary>
    /// <param name="timeToLive">The lifetime, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Zero or negative.</exception>
    public static void CheckTimeToLive(TimeSpan? timeToLive)
    {
        if (timeToLive is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeToLive), "A time to live must be positive.");
        }
    }

    /// <summary>Checks a list length.</summary>
    /// <param name="maxLength">The length.</param>
    /// <exception cref="ArgumentOutOfRangeException">Below 1 or above <see cref="MaxListLength"/>.</exception>
    public static void CheckListLength(int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLength, MaxListLength);
    }

    private static void CheckText(string text, string name)
    {
        // A lone surrogate cannot be encoded as UTF-8, so Redis and PostgreSQL would store a replacement character: refuse it instead.
        if (!IsWellFormed(text))
        {
            throw new ArgumentException("The text is not well-formed UTF-16 (it contains a lone surrogate).", name);
        }
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
