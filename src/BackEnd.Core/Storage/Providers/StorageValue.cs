using System.Globalization;

namespace BackEnd.Storage.Providers;

/// <summary>Conversions and comparisons of the scalar values entities store, shared by the providers so they agree. For storage providers.</summary>
/// <remarks>
/// Supported: numbers, <see cref="bool"/>, <see cref="string"/>, <see cref="Guid"/>, <see cref="DateTime"/>, <see cref="DateTimeOffset"/>,
/// <see cref="DateOnly"/>, <see cref="TimeSpan"/>, enums, <c>byte[]</c>, and <see cref="Nullable{T}"/> of those.
/// </remarks>
public static class StorageValue
{
    /// <summary>Gets whether a member of this type can be stored in one column.</summary>
    /// <param name="type">The member type.</param>
    /// <returns>Whether the type is supported.</returns>
    public static bool IsSupportedType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeSpan)
            || type == typeof(byte[]);
    }

    /// <summary>Converts a value (from a database, a query string or user code) to a member type.</summary>
    /// <param name="value">The value; <see langword="null"/> and <see cref="DBNull"/> stay <see langword="null"/>.</param>
    /// <param name="targetType">The member type, possibly nullable.</param>
    /// <returns>The converted value.</returns>
    /// <exception cref="FormatException">Text that does not parse as the type.</exception>
    /// <exception cref="InvalidCastException">A value that cannot become the type.</exception>
    /// <exception cref="OverflowException">A number outside the type's range.</exception>
    public static object? ConvertTo(object? value, Type targetType)
    {
        ArgumentNullException.ThrowIfNull(targetType);
        if (value is null || value is DBNull)
        {
            return null;
        }

        var type = Nullable.GetUnderlyingType(targetType) ?? targetType;
        if (type.IsInstanceOfType(value))
        {
            return value;
        }

        var invariant = CultureInfo.InvariantCulture;
        if (type.IsEnum)
        {
            return value is string name
                ? Enum.Parse(type, name, ignoreCase: true)
                : Enum.ToObject(type, Convert.ToInt64(value, invariant));
        }

        if (value is string text)
        {
            return Parse(text, type);
        }

        if (type == typeof(Guid))
        {
            return value is byte[] bytes ? new Guid(bytes) : throw new InvalidCastException($"Cannot convert {value.GetType().Name} to Guid.");
        }

        if (type == typeof(DateTimeOffset))
        {
            return value is DateTime dateTime
                ? new DateTimeOffset(dateTime.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dateTime, DateTimeKind.Utc) : dateTime)
                : throw new InvalidCastException($"Cannot convert {value.GetType().Name} to DateTimeOffset.");
        }

        if (type == typeof(DateTime) && value is DateTimeOffset offset)
        {
            return offset.UtcDateTime;
        }

        if (type == typeof(DateOnly) && value is DateTime date)
        {
            return DateOnly.FromDateTime(date);
        }

        if (type == typeof(string) || type == typeof(byte[]))
        {
            throw new InvalidCastException($"Cannot convert {value.GetType().Name} to {type.Name}.");
        }

        return Convert.ChangeType(value, type, invariant);
    }

    /// <summary>Parses the invariant text form of a value, as written by <see cref="Format"/> or typed in a query string.</summary>
    /// <param name="text">The text.</param>
    /// <param name="type">The member type without <see cref="Nullable{T}"/>.</param>
    /// <returns>The value.</returns>
    public static object Parse(string text, Type type)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(type);
        var invariant = CultureInfo.InvariantCulture;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return text;
        }

        if (type.IsEnum)
        {
            return Enum.Parse(type, text, ignoreCase: true);
        }

        if (type == typeof(Guid))
        {
            return Guid.Parse(text);
        }

        if (type == typeof(DateTimeOffset))
        {
            return DateTimeOffset.Parse(text, invariant, DateTimeStyles.AssumeUniversal);
        }

        if (type == typeof(DateTime))
        {
            return DateTime.Parse(text, invariant, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        }

        if (type == typeof(DateOnly))
        {
            return DateOnly.Parse(text, invariant);
        }

        if (type == typeof(TimeSpan))
        {
            return TimeSpan.Parse(text, invariant);
        }

        if (type == typeof(byte[]))
        {
            return Convert.FromBase64String(text);
        }

        if (type == typeof(bool))
        {
            return text switch
            {
                "1" => true,
                "0" => false,
                _ => bool.Parse(text),
            };
        }

        return Convert.ChangeType(text, type, invariant);
    }

    /// <summary>Writes a value in an invariant text form that <see cref="Parse"/> reads back exactly.</summary>
    /// <param name="value">The value, not <see langword="null"/>.</param>
    /// <returns>The text.</returns>
    public static string Format(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var invariant = CultureInfo.InvariantCulture;
        return value switch
        {
            string s => s,
            Enum e => Convert.ToInt64(e, invariant).ToString(invariant),
            DateTimeOffset d => d.ToString("O", invariant),
            DateTime d => d.ToString("O", invariant),
            DateOnly d => d.ToString("O", invariant),
            TimeSpan t => t.ToString("c", invariant),
            byte[] b => Convert.ToBase64String(b),
            double d => d.ToString("R", invariant),
            float f => f.ToString("R", invariant),
            IFormattable f => f.ToString(null, invariant),
            _ => value.ToString() ?? string.Empty,
        };
    }

    /// <summary>Compares two values of one member the way every provider sorts them: <see langword="null"/> first, text ordinally.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Negative, zero or positive.</returns>
    public static int Compare(object? left, object? right)
    {
        if (left is null)
        {
            return right is null ? 0 : -1;
        }

        if (right is null)
        {
            return 1;
        }

        return (left, right) switch
        {
            (string a, string b) => string.CompareOrdinal(a, b),
            (byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b),
            (Enum a, Enum b) => Convert.ToInt64(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToInt64(b, CultureInfo.InvariantCulture)),
            (IComparable a, _) => a.CompareTo(right),
            _ => throw new InvalidOperationException($"Values of type {left.GetType().Name} cannot be compared."),
        };
    }
}
