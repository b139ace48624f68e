using System.Reflection;

namespace BackEnd.Storage.Providers;

/// <summary>One stored member of an entity: its name, column and fast accessors. For storage providers.</summary>
public sealed class EntityProperty
{
    private readonly Func<object, object?> _getter;
    private readonly Action<object, object?>? _setter;

    internal EntityProperty(int ordinal, PropertyInfo property, string columnName, Func<object, object?> getter, Action<object, object?>? setter)
    {
        Ordinal = ordinal;
        Property = property;
        ColumnName = columnName;
        _getter = getter;
        _setter = setter;
        var underlying = Nullable.GetUnderlyingType(property.PropertyType);
        ValueType = underlying ?? property.PropertyType;
        IsNullable = underlying is not null || !property.PropertyType.IsValueType;
    }

    /// <summary>Gets the position of this member in <see cref="EntityDescriptor.Properties"/>.</summary>
    public int Ordinal { get; }

    /// <summary>Gets the reflected member.</summary>
    public PropertyInfo Property { get; }

    /// <summary>Gets the member name, the name queries use.</summary>
    public string Name => Property.Name;

    /// <summary>Gets the column (or document field) name: <c>[Column]</c>, else the member name in snake_case.</summary>
    public string ColumnName { get; }

    /// <summary>Gets the declared type of the member.</summary>
    public Type Type => Property.PropertyType;

    /// <summary>Gets the member type without <see cref="Nullable{T}"/>.</summary>
    public Type ValueType { get; }

    /// <summary>Gets whether the member can hold <see langword="null"/>.</summary>
    public bool IsNullable { get; }

    /// <summary>Gets whether the member has a setter (possibly init-only); otherwise it is set through the constructor.</summary>
    public bool CanWrite => _setter is not null;

    /// <summary>Reads the member from an entity.</summary>
    /// <param name="entity">The entity.</param>
    /// <returns>The boxed value.</returns>
    public object? GetValue(object entity) => _getter(entity);

    /// <summary>Writes the member of an entity; works for init-only members too.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="value">The value, already of the member's type.</param>
    public void SetValue(object entity, object? value)
    {
        if (_setter is null)
        {
            throw new InvalidOperationException($"The member '{Property.DeclaringType?.Name}.{Name}' has no setter.");
        }

        _setter(entity, value);
    }
}
