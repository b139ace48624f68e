using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using BackEnd.Storage.Providers;

namespace BackEnd.Storage.Sql.Internal;

// Maps rows of the SQL API to the caller's type, by constructor parameters or settable properties, matching
// snake_case columns to PascalCase members. One compiled plan per type and column list, cached.
internal static class RowMapper
{
    private static readonly ConcurrentDictionary<(Type Type, string Columns), Func<DbDataReader, object?>> Cache = new();

    public static Func<DbDataReader, object?> Get(Type type, DbDataReader reader)
    {
        if (StorageValue.IsSupportedType(type) || type == typeof(object))
        {
            return type == typeof(object) ? static r => r.IsDBNull(0) ? null : r.GetValue(0) : r => Convert(r.GetValue(0), type, r.GetName(0), type);
        }

        var names = new string[reader.FieldCount];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = reader.GetName(i);
        }

        return Cache.GetOrAdd((type, string.Join('\u001f', names)), static (key, names) => Build(key.Type, names), names);
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

    private static Func<DbDataReader, object?> Build(Type type, string[] columns)
    {
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

        var arguments = parameters.Select(p => (Index: byName[Normalize(p.Name!)], p.ParameterType)).ToArray();
        var used = arguments.Select(a => a.Index).ToHashSet();
        var setters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0
                && byName.TryGetValue(Normalize(p.Name), out var index) && !used.Contains(index))
            .Select(p => (Index: byName[Normalize(p.Name)], Property: p))
            .ToArray();

        return reader =>
        {
            var values = new object?[arguments.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                var (index, parameterType) = arguments[i];
                values[i] = Convert(reader.GetValue(index), parameterType, columns[index], type);
            }

            var instance = constructor.Invoke(values);
            foreach (var (index, property) in setters)
            {
                property.SetValue(instance, Convert(reader.GetValue(index), property.PropertyType, columns[index], type));
            }

            return instance;
        };
    }
}
