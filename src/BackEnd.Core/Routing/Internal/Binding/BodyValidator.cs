using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization.Metadata;

namespace BackEnd.Routing.Internal.Binding;

/// <summary>Runs DataAnnotations and <see cref="IValidatableObject"/> on a bound body, reporting fields in JSON casing.</summary>
internal sealed class BodyValidator
{
    private readonly Dictionary<string, string> _jsonNames;

    private BodyValidator(Dictionary<string, string> jsonNames) => _jsonNames = jsonNames;

    [RequiresUnreferencedCode("Inspects the members of the body type.")]
    public static BodyValidator? Create(Type type, JsonTypeInfo typeInfo)
    {
        var needed = typeof(IValidatableObject).IsAssignableFrom(type);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            needed |= property.IsDefined(typeof(ValidationAttribute), inherit: true);
        }

        if (!needed)
        {
            return null;
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (typeInfo.Kind == JsonTypeInfoKind.Object)
        {
            foreach (var property in typeInfo.Properties)
            {
                if (property.AttributeProvider is MemberInfo member)
                {
                    names[member.Name] = property.Name;
                }
            }
        }

        return new BodyValidator(names);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Validators are only created for handlers mapped through the Delegate APIs, which are annotated.")]
    public Dictionary<string, string[]>? Validate(object value)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
        {
            return null;
        }

        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            var message = result.ErrorMessage ?? "The value is invalid.";
            var any = false;
            foreach (var member in result.MemberNames)
            {
                any = true;
                Add(errors, _jsonNames.GetValueOrDefault(member, member), message);
            }

            if (!any)
            {
                Add(errors, string.Empty, message);
            }
        }

        var map = new Dictionary<string, string[]>(errors.Count, StringComparer.Ordinal);
        foreach (var (field, messages) in errors)
        {
            map[field] = [.. messages];
        }

        return map;
    }

    private static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }
}
