using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using BackEnd.Storage.Internal;

namespace BackEnd.Storage.Providers;

/// <summary>How an entity type is stored: table, key, version and mapped members, found by convention and attributes. For storage providers.</summary>
/// <remarks>
/// Conventions: the key is <c>Id</c> (or <c>[Key]</c>), the version is <c>Version</c> of type <see cref="long"/> (or <c>[ConcurrencyCheck]</c>),
/// the table is the type name in snake_case (or <c>[Table]</c>), a column is the member name in snake_case (or <c>[Column]</c>),
/// and <c>[NotMapped]</c> members are ignored. The attributes are those of <c>System.ComponentModel.DataAnnotations</c>.
/// </remarks>
public sealed class EntityDescriptor
{
    private static readonly ConcurrentDictionary<Type, EntityDescriptor> Cache = new();

    private readonly Dictionary<string, EntityProperty> _byName;
    private readonly Func<object?[], object> _create;
    private readonly EntityProperty[] _constructorArguments;
    private readonly EntityProperty[] _settersAfterConstruction;
    private readonly Func<object, object> _clone;
    private readonly EntityProperty[] _byteArrays;

    internal EntityDescriptor(
        Type entityType,
        string tableName,
        IReadOnlyList<EntityProperty> properties,
        EntityProperty key,
        EntityProperty version,
        KeyGeneration keyGeneration,
        Func<object?[], object> create,
        EntityProperty[] constructorArguments,
        Func<object, object> clone)
    {
        EntityType = entityType;
        TableName = tableName;
        Properties = properties;
        Key = key;
        Version = version;
        KeyGeneration = keyGeneration;
        _create = create;
        _constructorArguments = constructorArguments;
        _settersAfterConstruction = [.. properties.Where(p => !constructorArguments.Contains(p))];
        _clone = clone;
        _byName = properties.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        _byteArrays = [.. properties.Where(p => p.Type == typeof(byte[]))];
    }

    /// <summary>Gets the entity type.</summary>
    public Type EntityType { get; }

    /// <summary>Gets the table (or collection) name.</summary>
    public string TableName { get; }

    /// <summary>Gets every stored member, key and version included, in declaration order.</summary>
    public IReadOnlyList<EntityProperty> Properties { get; }

    /// <summary>Gets the key member.</summary>
    public EntityProperty Key { get; }

    /// <summary>Gets the version member (a <see cref="long"/>, 1 after insert, incremented by each update).</summary>
    public EntityProperty Version { get; }

    /// <summary>Gets who assigns the key on insert.</summary>
    public KeyGeneration KeyGeneration { get; }

    /// <summary>Gets the descriptor of <typeparamref name="TEntity"/>, built once and cached.</summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <returns>The descriptor.</returns>
    /// <exception cref="InvalidOperationException">The type has no key or version, or a member of an unsupported type.</exception>
    public static EntityDescriptor For<[DynamicallyAccessedMembers(EntityDescriptorFactory.Members)] TEntity>()
        => For(typeof(TEntity));

    /// <summary>Gets the descriptor of <paramref name="entityType"/>, built once and cached.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns>The descriptor.</returns>
    public static EntityDescriptor For([DynamicallyAccessedMembers(EntityDescriptorFactory.Members)] Type entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        return Cache.TryGetValue(entityType, out var descriptor)
            ? descriptor
            : Cache.GetOrAdd(entityType, EntityDescriptorFactory.Create(entityType));
    }

    /// <summary>Finds a mapped member by name, ignoring case; never matches unmapped or unknown names.</summary>
    /// <param name="name">The member name.</param>
    /// <param name="property">The member when found.</param>
    /// <returns>Whether the member is mapped.</returns>
    public bool TryGetProperty(string name, [NotNullWhen(true)] out EntityProperty? property)
        => _byName.TryGetValue(name, out property);

    /// <summary>Creates an entity from a value per member, through its constructor and setters.</summary>
    /// <param name="valueOf">Returns the value of a member, already of the member's type.</param>
    /// <returns>The new entity.</returns>
    public object Create(Func<EntityProperty, object?> valueOf)
    {
        ArgumentNullException.ThrowIfNull(valueOf);
        var arguments = new object?[_constructorArguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = valueOf(_constructorArguments[i]);
        }

        var entity = _create(arguments);
        foreach (var property in _settersAfterConstruction)
        {
            property.SetValue(entity, valueOf(property));
        }

        return entity;
    }

    /// <summary>Creates an entity from one value per member, indexed by <see cref="EntityProperty.Ordinal"/>.</summary>
    /// <param name="values">The values, already of the members' types; the array is not kept.</param>
    /// <returns>The new entity.</returns>
    public object Create(object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var arguments = new object?[_constructorArguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = values[_constructorArguments[i].Ordinal];
        }

        var entity = _create(arguments);
        foreach (var property in _settersAfterConstruction)
        {
            property.SetValue(entity, values[property.Ordinal]);
        }

        return entity;
    }

    /// <summary>Copies an entity, so a store can hand out and keep instances the caller cannot change.</summary>
    /// <param name="entity">The entity.</param>
    /// <returns>The copy: a memberwise copy whose <c>byte[]</c> members are copied too (the other stored types are immutable).</returns>
    public object Clone(object entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (_byteArrays.Length == 0)
        {
            return _clone(entity);
        }

        // A shared array would let a caller change stored bytes through an entity it was handed.
        if (!Array.TrueForAll(_byteArrays, p => p.CanWrite))
        {
            return Create(p => p.GetValue(entity) is byte[] bytes ? bytes.Clone() : p.GetValue(entity));
        }

        var copy = _clone(entity);
        foreach (var property in _byteArrays)
        {
            if (property.GetValue(copy) is byte[] bytes)
            {
                property.SetValue(copy, bytes.Clone());
            }
        }

        return copy;
    }
}
