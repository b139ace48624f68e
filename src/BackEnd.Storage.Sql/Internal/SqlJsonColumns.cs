using System.ComponentModel.DataAnnotations.Schema;
using System.Reflection;
using BackEnd.Storage.Providers;

namespace BackEnd.Storage.Sql.Internal;

// Entity members stored as JSON: string members marked [Column(TypeName = "json")] or "jsonb", on every engine.
internal static class SqlJsonColumns
{
    public static bool IsJson(EntityProperty property)
    {
        var typeName = property.Property.GetCustomAttribute<ColumnAttribute>()?.TypeName;
        if (!string.Equals(typeName, "json", StringComparison.OrdinalIgnoreCase) && !string.Equals(typeName, "jsonb", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return property.ValueType == typeof(string)
            ? true
            : throw new InvalidOperationException(
                $"The member '{property.Property.DeclaringType?.Name}.{property.Name}' is marked as a JSON column but is a {property.ValueType.Name}; JSON members hold the JSON text in a string.");
    }

    // The JSON text of a member as a parameter value; text that is not JSON is refused here, alike on every engine.
    public static object ToParameter(EntityProperty property, object? value)
    {
        if (value is not string text)
        {
            return DBNull.Value;
        }

        return SqlJson.IsValid(text)
            ? SqlJson.Trusted(text)
            : throw new ConstraintViolationException($"The value of {property.Property.DeclaringType?.Name}.{property.Name} is not well-formed JSON.");
    }
}
