using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using BackEnd.Storage.Providers;

namespace BackEnd.Storage.Internal;

internal static class EntityDescriptorFactory
{
    public const DynamicallyAccessedMemberTypes Members =
        DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicConstructors;

    private static readonly MethodInfo MemberwiseCloneMethod =
        typeof(object).GetMethod(nameof(MemberwiseClone), BindingFlags.Instance | BindingFlags.NonPublic)!;

    public static EntityDescriptor Create([DynamicallyAccessedMembers(Members)] Type type)
    {
        if (!type.IsClass || type.IsAbstract)
        {
            throw new InvalidOperationException($"The entity type '{type.Name}' must be a concrete class or record.");
        }

        var properties = new List<EntityProperty>();
        EntityProperty? key = null;
        EntityProperty? version = null;
        var keyGeneration = KeyGeneration.None;
        foreach (var info in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (info.GetIndexParameters().Length > 0 || info.GetMethod is null || info.IsDefined(typeof(NotMappedAttribute))
                || info.Name == "EqualityContract")
            {
                continue;
            }

            if (!StorageValue.IsSupportedType(info.PropertyType))
            {
                throw new InvalidOperationException(
                    $"The member '{type.Name}.{info.Name}' has type '{info.PropertyType.Name}', which cannot be stored in a column; mark it [NotMapped].");
            }

            var column = CheckIdentifier(
                info.GetCustomAttribute<ColumnAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(info.Name),
                $"column of '{type.Name}.{info.Name}'");
            var property = new EntityProperty(properties.Count, info, column, CreateGetter(info), info.SetMethod is null ? null : CreateSetter(info));
            properties.Add(property);
            if (info.IsDefined(typeof(KeyAttribute)))
            {
                key = property;
            }

            if (info.IsDefined(typeof(ConcurrencyCheckAttribute)))
            {
                version = property;
            }
        }

        key ??= properties.FirstOrDefault(p => p.Name == "Id")
            ?? throw new InvalidOperationException($"The entity type '{type.Name}' has no key: add an 'Id' member or mark one [Key].");
        version ??= properties.FirstOrDefault(p => p.Name == "Version")
            ?? throw new InvalidOperationException($"The entity type '{type.Name}' has no version: add a 'long Version' member or mark one [ConcurrencyCheck].");
        if (version.Type != typeof(long))
        {
            throw new InvalidOperationException($"The version member '{type.Name}.{version.Name}' must be a long.");
        }

        var generated = key.Property.GetCustomAttribute<DatabaseGeneratedAttribute>()?.DatabaseGeneratedOption;
        if (key.Type == typeof(long) || key.Type == typeof(int))
        {
            keyGeneration = generated == DatabaseGeneratedOption.None ? KeyGeneration.None : KeyGeneration.Identity;
        }
        else if (key.Type == typeof(Guid))
        {
            keyGeneration = generated == DatabaseGeneratedOption.None ? KeyGeneration.None : KeyGeneration.NewGuid;
        }
        else if (key.Type != typeof(string))
        {
            throw new InvalidOperationException($"The key member '{type.Name}.{key.Name}' must be a long, int, Guid or string.");
        }

        var table = CheckIdentifier(
            type.GetCustomAttribute<TableAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(type.Name),
            $"table of '{type.Name}'");
        var (create, arguments) = CreateFactory(type, properties);
        foreach (var property in properties)
        {
            if (!property.CanWrite && !arguments.Contains(property))
            {
                throw new InvalidOperationException(
                    $"The member '{type.Name}.{property.Name}' can be neither set nor passed to a constructor; add a setter or mark it [NotMapped].");
            }
        }

        var clone = MemberwiseCloneMethod.CreateDelegate<Func<object, object>>();
        return new EntityDescriptor(type, table, properties, key, version, keyGeneration, create, arguments, clone);
    }

    // Providers quote names, which makes any printable text safe; a blank name or a control character (a NUL ends the
    // statement text for SQLite's C API) is refused here, at the first use of the type, instead of reaching SQL.
    private static string CheckIdentifier(string name, string what)
    {
        if (string.IsNullOrWhiteSpace(name) || name.AsSpan().ContainsAnyInRange('\0', '\u001f') || name.Contains('\u007f', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The {what} must be a non-blank name without control characters.");
        }

        return name;
    }

    private static (Func<object?[], object> Create, EntityProperty[] Arguments) CreateFactory(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type type,
        List<EntityProperty> properties)
    {
        // Prefer the constructor that sets the most stored members (a positional record's primary constructor),
        // and accept it only when every parameter names a stored member.
        var candidates = type.GetConstructors()
            .Select(c => (Constructor: c, Parameters: c.GetParameters()))
            .Where(c => c.Parameters.All(p => properties.Exists(m => string.Equals(m.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
            .OrderByDescending(c => c.Parameters.Length)
            .ToList();
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException(
                $"The entity type '{type.Name}' needs a public parameterless constructor or one whose parameters are named after its members.");
        }

        var (constructor, parameters) = candidates[0];
        var arguments = parameters
            .Select(p => properties.First(m => string.Equals(m.Name, p.Name, StringComparison.OrdinalIgnoreCase)))
            .ToArray();
        var values = Expression.Parameter(typeof(object?[]), "values");
        var newExpression = Expression.New(
            constructor,
            parameters.Select((p, i) => Expression.Convert(Expression.ArrayIndex(values, Expression.Constant(i)), p.ParameterType)));
        var lambda = Expression.Lambda<Func<object?[], object>>(Expression.Convert(newExpression, typeof(object)), values);
        return (lambda.Compile(), arguments);
    }

    private static Func<object, object?> CreateGetter(PropertyInfo property)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var body = Expression.Convert(Expression.Property(Expression.Convert(instance, property.DeclaringType!), property), typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, instance).Compile();
    }

    private static Action<object, object?> CreateSetter(PropertyInfo property)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var value = Expression.Parameter(typeof(object), "value");
        var body = Expression.Assign(
            Expression.Property(Expression.Convert(instance, property.DeclaringType!), property),
            Expression.Convert(value, property.PropertyType));
        return Expression.Lambda<Action<object, object?>>(body, instance, value).Compile();
    }
}
