using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using BackEnd.Storage.Providers;

namespace BackEnd.Storage.Sql.Internal;

// Maps rows of the SQL API to the caller's type, by constructor parameters or settable properties, matching
// snake_case columns to PascalCase members. One compiled reader (CompiledRowReader) per type and column list, cached.
internal static class RowMapper
{
    private static readonly ConcurrentDictionary<(Type Type, string Columns), Delegate> Cache = new();

    public static Func<DbDataReader, T> Get<T>(DbDataReader reader)
    {
        var type = typeof(T);
        if (type == typeof(object))
        {
            return (Func<DbDataReader, T>)(object)(Func<DbDataReader, object?>)ObjectValue;
        }

        if (StorageValue.IsSupportedType(type))
        {
            return ValueReader<T>.Instance;
        }

        var names = new string[reader.FieldCount];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = reader.GetName(i);
        }

        return (Func<DbDataReader, T>)Cache.GetOrAdd((type, string.Join('\u001f', names)), static (_, names) => Build<T>(names), names);
    }

    public static object? Convert(object? value, Type target, string column, Type owner)
    {
        if (value is DBNull or null)
        {
            if (target.IsValueType && Nullable.GetUnderlyingType(target) is null)
            {
                throw new InvalidOperationException($"The column '{column}' is NULL but the member of {owner.Name} it maps to is not nullable.");
            }

            return null;
        }

        // A member of a type no column holds reads a JSON column (text on every driver) through System.Text.Json.
        if (value is string json && target != typeof(object) && !StorageValue.IsSupportedType(target))
        {
            try
            {
                return System.Text.Json.JsonSerializer.Deserialize(json, target, System.Text.Json.JsonSerializerOptions.Web);
            }
            catch (System.Text.Json.JsonException exception)
            {
                throw new InvalidOperationException($"The column '{column}' does not hold JSON that reads as the {target.Name} member of {owner.Name}.", exception);
            }
        }

        return StorageValue.ConvertTo(value, target);
    }

    private static string Normalize(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private static Func<DbDataReader, T> Build<T>(string[] columns)
    {
        var type = typeof(T);
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            byName.TryAdd(Normalize(columns[i]), i);
        }

        var constructor = type.GetConstructor(Type.EmptyTypes);
        ParameterInfo[] parameters = [];
        if (constructor is null)
        {
            (constructor, parameters) = type.GetConstructors()
                .Select(c => (Constructor: c, Parameters: c.GetParameters()))
                .Where(c => c.Parameters.All(p => p.Name is not null && byName.ContainsKey(Normalize(p.Name))))
                .OrderByDescending(c => c.Parameters.Length)
                .FirstOrDefault();
            if (constructor is null)
            {
                throw new InvalidOperationException(
                    $"{type.Name} needs a public parameterless constructor or one whose parameters all match result columns ({string.Join(", ", columns)}).");
            }
        }

        var arguments = parameters.Select(p => (p, Member(byName[Normalize(p.Name!)], p.ParameterType))).ToArray();
        var used = arguments.Select(a => a.Item2.Ordinal).ToHashSet();
        var setters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0
                && byName.TryGetValue(Normalize(p.Name), out var index) && !used.Contains(index))
            .Select(p => (p, Member(byName[Normalize(p.Name)], p.PropertyType)))
            .ToArray();
        return CompiledRowReader.Compile<T>(type, constructor, arguments, setters);

        CompiledRowReader.Member Member(int index, Type memberType) => new(
            index,
            memberType,
            new RowColumn(
                columns[index],
                (value, column) => Convert(value, memberType, column, type),
                column => $"The column '{column}' is NULL but the member of {type.Name} it maps to is not nullable."));
    }

    private static object? ObjectValue(DbDataReader reader) => reader.IsDBNull(0) ? null : reader.GetValue(0);

    // Single values (SELECT COUNT(*), SELECT id …) by the same rules as members, compiled once per type.
    private static class ValueReader<T>
    {
        public static readonly Func<DbDataReader, T> Instance = CompiledRowReader.CompileValue<T>(new RowColumn(
            null,
            static (value, column) => Convert(value, typeof(T), column, typeof(T)),
            static column => $"The column '{column}' is NULL but the member of {typeof(T).Name} it maps to is not nullable."));
    }
}
