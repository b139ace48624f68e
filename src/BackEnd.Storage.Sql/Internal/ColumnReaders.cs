using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace BackEnd.Storage.Sql.Internal;

// Reads one non-NULL column value as a member type. When the driver reports the column as holding the member type (or a
// type it converts from exactly, as SQLite's one integer type to int), the typed getter reads it without boxing; any other
// column type goes through GetValue and the column's conversion, so values and errors stay those of the boxed path.
internal static class ColumnReaders
{
    private static readonly Dictionary<Type, MethodInfo> Typed = new()
    {
        [typeof(long)] = Method(nameof(Int64)),
        [typeof(int)] = Method(nameof(Int32)),
        [typeof(bool)] = Method(nameof(Boolean)),
        [typeof(double)] = Method(nameof(Double)),
        [typeof(decimal)] = Method(nameof(Decimal)),
        [typeof(string)] = Method(nameof(String)),
        [typeof(Guid)] = Method(nameof(Guid)),
        [typeof(DateTime)] = Method(nameof(DateTime)),
        [typeof(DateTimeOffset)] = Method(nameof(DateTimeOffset)),
    };

    // SQLite's column of each member type holds the storage class ToDbValue writes, so the repository reads it without asking:
    // each question is a native call, and the driver's own getters already refuse a NULL.
    private static readonly Dictionary<Type, MethodInfo> SqliteStored = new()
    {
        [typeof(long)] = Method(nameof(StoredInt64)),
        [typeof(int)] = Method(nameof(StoredInt32)),
        [typeof(bool)] = Method(nameof(StoredBoolean)),
        [typeof(double)] = Method(nameof(StoredDouble)),
        [typeof(decimal)] = Method(nameof(StoredDecimal)),
        [typeof(string)] = Method(nameof(StoredString)),
        [typeof(Guid)] = Method(nameof(StoredGuid)),
        [typeof(DateTimeOffset)] = Method(nameof(StoredDateTimeOffset)),
    };

    // The method (DbDataReader, int, RowColumn) -> valueType that reads a non-NULL value of valueType (not Nullable<T>);
    // sqliteStored: a repository column on SQLite, whose storage class is known (see SqliteStored).
    public static MethodInfo For(Type valueType, bool sqliteStored = false)
    {
        if (sqliteStored && SqliteStored.TryGetValue(valueType, out var stored))
        {
            return stored;
        }

        if (sqliteStored && valueType.IsEnum && Enum.GetUnderlyingType(valueType) != typeof(ulong))
        {
            return Method(nameof(StoredEnumMember)).MakeGenericMethod(valueType);
        }

        if (Typed.TryGetValue(valueType, out var method))
        {
            return method;
        }

        return valueType.IsEnum && Enum.GetUnderlyingType(valueType) != typeof(ulong)
            ? Method(nameof(EnumMember)).MakeGenericMethod(valueType)
            : Method(nameof(Any)).MakeGenericMethod(valueType);
    }

    // The reader of a member from a column whose driver type is known for the whole result set (PostgreSQL and MySQL report
    // it from the result's metadata): the branch the per-row reader below would take for that type, without asking the
    // column's type on every row. Null for pairs that need the per-row reader.
    public static MethodInfo? ForFieldType(Type valueType, Type fieldType)
    {
        if (valueType == typeof(DateTimeOffset) && fieldType == typeof(DateTime))
        {
            return Method(nameof(DateTimeOffsetFromDateTime));
        }

        if (valueType == typeof(long) && fieldType == typeof(int))
        {
            return Method(nameof(Int64FromInt32));
        }

        return valueType == fieldType && Typed.ContainsKey(valueType) ? Method("Of" + valueType.Name) : null;
    }

    // The getter ForFieldType's method calls, called on the driver's own reader type (typed) so that it binds to the driver's
    // method directly; null when that type has no such public getter.
    public static Expression? Direct(Expression typed, Expression ordinal, Type valueType, Type fieldType)
    {
        if (valueType == typeof(DateTimeOffset) && fieldType == typeof(DateTime))
        {
            return Getter(nameof(DbDataReader.GetDateTime), typeof(DateTime)) is { } time ? Expression.Call(Method(nameof(ToInstant)), time) : null;
        }

        if (valueType == typeof(long) && fieldType == typeof(int))
        {
            return Getter(nameof(DbDataReader.GetInt32), typeof(int)) is { } narrow ? Expression.Convert(narrow, typeof(long)) : null;
        }

        if (valueType != fieldType || !Typed.ContainsKey(valueType))
        {
            return null;
        }

        if (valueType == typeof(DateTimeOffset))
        {
            var generic = typed.Type.GetMethods(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(m => m.Name == nameof(DbDataReader.GetFieldValue)
                && m.IsGenericMethodDefinition && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(int));
            return generic is null ? null : Expression.Call(typed, generic.MakeGenericMethod(valueType), ordinal);
        }

        return Getter("Get" + valueType.Name, valueType);

        Expression? Getter(string name, Type returns)
            => typed.Type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, [typeof(int)]) is { } getter && getter.ReturnType == returns
                ? Expression.Call(typed, getter, ordinal)
                : null;
    }

    public static long OfInt64(DbDataReader reader, int ordinal, RowColumn column) => reader.GetInt64(ordinal);

    public static long Int64FromInt32(DbDataReader reader, int ordinal, RowColumn column) => reader.GetInt32(ordinal);

    public static int OfInt32(DbDataReader reader, int ordinal, RowColumn column) => reader.GetInt32(ordinal);

    public static bool OfBoolean(DbDataReader reader, int ordinal, RowColumn column) => reader.GetBoolean(ordinal);

    public static double OfDouble(DbDataReader reader, int ordinal, RowColumn column) => reader.GetDouble(ordinal);

    public static decimal OfDecimal(DbDataReader reader, int ordinal, RowColumn column) => reader.GetDecimal(ordinal);

    public static string OfString(DbDataReader reader, int ordinal, RowColumn column) => reader.GetString(ordinal);

    public static Guid OfGuid(DbDataReader reader, int ordinal, RowColumn column) => reader.GetGuid(ordinal);

    public static DateTime OfDateTime(DbDataReader reader, int ordinal, RowColumn column) => reader.GetDateTime(ordinal);

    public static DateTimeOffset OfDateTimeOffset(DbDataReader reader, int ordinal, RowColumn column) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    // PostgreSQL's timestamptz and MySQL's DATETIME(6) arrive as UTC DateTimes (StorageValue.ConvertTo's rule).
    public static DateTimeOffset DateTimeOffsetFromDateTime(DbDataReader reader, int ordinal, RowColumn column) => ToInstant(reader.GetDateTime(ordinal));

    public static DateTimeOffset ToInstant(DateTime time)
        => new(time.Kind == DateTimeKind.Unspecified ? System.DateTime.SpecifyKind(time, DateTimeKind.Utc) : time);

    public static long Int64(DbDataReader reader, int ordinal, RowColumn column)
    {
        var type = reader.GetFieldType(ordinal);
        if (type == typeof(long))
        {
            return reader.GetInt64(ordinal);
        }

        return type == typeof(int) ? reader.GetInt32(ordinal) : (long)column.Convert(reader, ordinal, reader.GetValue(ordinal))!;
    }

    public static int Int32(DbDataReader reader, int ordinal, RowColumn column)
    {
        var type = reader.GetFieldType(ordinal);
        if (type == typeof(int))
        {
            return reader.GetInt32(ordinal);
        }

        // What Convert.ChangeType does with a long, overflow included.
        return type == typeof(long) ? Convert.ToInt32(reader.GetInt64(ordinal)) : (int)column.Convert(reader, ordinal, reader.GetValue(ordinal))!;
    }

    public static bool Boolean(DbDataReader reader, int ordinal, RowColumn column)
    {
        var type = reader.GetFieldType(ordinal);
        if (type == typeof(bool))
        {
            return reader.GetBoolean(ordinal);
        }

        return type == typeof(long) ? reader.GetInt64(ordinal) != 0 : (bool)column.Convert(reader, ordinal, reader.GetValue(ordinal))!;
    }

    public static double Double(DbDataReader reader, int ordinal, RowColumn column)
        => reader.GetFieldType(ordinal) == typeof(double) ? reader.GetDouble(ordinal) : (double)column.Convert(reader, ordinal, reader.GetValue(ordinal))!;

    public static decimal Decimal(DbDataReader reader, int ordinal, RowColumn column)
    {
        var type = reader.GetFieldType(ordinal);
        if (type == typeof(decimal))
        {
            return reader.GetDecimal(ordinal);
        }

        // SQLite keeps decimals as exact text; this is the parse the boxed path runs (Convert.ChangeType of a string).
        return type == typeof(string)
            ? Convert.ToDecimal(reader.GetString(ordinal), CultureInfo.InvariantCulture)
            : (decimal)column.Convert(reader, ordinal, reader.GetValue(ordinal))!;
    }

    public static string String(DbDataReader reader, int ordinal, RowColumn column)
        => reader.GetFieldType(ordinal) == typeof(string) ? reader.GetString(ordinal) : (string)column.Convert(reader, ordinal, reader.GetValue(ordinal))!;

    public static Guid Guid(DbDataReader reader, int ordinal, RowColumn column)
    {
        var type = reader.GetFieldType(ordinal);
        if (type == typeof(Guid))
        {
            return reader.GetGuid(ordinal);
        }

        return type == typeof(string) ? System.Guid.Parse(reader.GetString(ordinal)) : (Guid)column.Convert(reader, ordinal, reader.GetValue(ordinal))!;
    }

    public static DateTime DateTime(DbDataReader reader, int ordinal, RowColumn column)
        => reader.GetFieldType(ordinal) == typeof(DateTime) ? reader.GetDateTime(ordinal) : (DateTime)column.Convert(reader, ordinal, reader.GetValue(ordinal))!;

    public static DateTimeOffset DateTimeOffset(DbDataReader reader, int ordinal, RowColumn column)
    {
        var type = reader.GetFieldType(ordinal);
        if (type == typeof(DateTime))
        {
            return DateTimeOffsetFromDateTime(reader, ordinal, column);
        }

        if (type == typeof(string))
        {
            var text = reader.GetString(ordinal);
            return SqliteDialect.TryParseInstant(text, out var instant) ? instant : (DateTimeOffset)column.Convert(reader, ordinal, text)!;
        }

        return type == typeof(DateTimeOffset)
            ? reader.GetFieldValue<DateTimeOffset>(ordinal)
            : (DateTimeOffset)column.Convert(reader, ordinal, reader.GetValue(ordinal))!;
    }

    // Enum.ToObject's rule for numbers: the low bits of the integer, as many as the enum's underlying type has.
    public static TEnum EnumMember<TEnum>(DbDataReader reader, int ordinal, RowColumn column)
        where TEnum : struct, Enum
    {
        var type = reader.GetFieldType(ordinal);
        if (type == typeof(long))
        {
            return FromBits<TEnum>(reader.GetInt64(ordinal));
        }

        return type == typeof(int) ? FromBits<TEnum>(reader.GetInt32(ordinal)) : (TEnum)column.Convert(reader, ordinal, reader.GetValue(ordinal))!;
    }

    public static long StoredInt64(DbDataReader reader, int ordinal, RowColumn column) => reader.GetInt64(ordinal);

    // Microsoft.Data.Sqlite narrows with an overflow check.
    public static int StoredInt32(DbDataReader reader, int ordinal, RowColumn column) => reader.GetInt32(ordinal);

    public static bool StoredBoolean(DbDataReader reader, int ordinal, RowColumn column) => reader.GetInt64(ordinal) != 0;

    public static double StoredDouble(DbDataReader reader, int ordinal, RowColumn column) => reader.GetDouble(ordinal);

    public static decimal StoredDecimal(DbDataReader reader, int ordinal, RowColumn column)
        => Convert.ToDecimal(reader.GetString(ordinal), CultureInfo.InvariantCulture);

    public static string StoredString(DbDataReader reader, int ordinal, RowColumn column) => reader.GetString(ordinal);

    public static Guid StoredGuid(DbDataReader reader, int ordinal, RowColumn column) => System.Guid.Parse(reader.GetString(ordinal));

    public static DateTimeOffset StoredDateTimeOffset(DbDataReader reader, int ordinal, RowColumn column)
    {
        var text = reader.GetString(ordinal);
        return SqliteDialect.TryParseInstant(text, out var instant) ? instant : (DateTimeOffset)column.Convert(reader, ordinal, text)!;
    }

    public static TEnum StoredEnumMember<TEnum>(DbDataReader reader, int ordinal, RowColumn column)
        where TEnum : struct, Enum => FromBits<TEnum>(reader.GetInt64(ordinal));

    public static T Any<T>(DbDataReader reader, int ordinal, RowColumn column) => (T)column.Convert(reader, ordinal, reader.GetValue(ordinal))!;

    private static TEnum FromBits<TEnum>(long value)
        where TEnum : struct, Enum => Unsafe.SizeOf<TEnum>() switch
        {
            1 => Unsafe.BitCast<byte, TEnum>(unchecked((byte)value)),
            2 => Unsafe.BitCast<ushort, TEnum>(unchecked((ushort)value)),
            4 => Unsafe.BitCast<uint, TEnum>(unchecked((uint)value)),
            _ => Unsafe.BitCast<ulong, TEnum>(unchecked((ulong)value)),
        };

    private static MethodInfo Method(string name) => typeof(ColumnReaders).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;
}
