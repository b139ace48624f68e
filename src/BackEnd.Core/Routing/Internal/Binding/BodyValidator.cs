using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization.Metadata;

namespace BackEnd.Routing.Internal.Binding;

/// <summary>Runs DataAnnotations and <see cref="IValidatableObject"/> on a bound body, reporting fields in JSON casing.</summary>
internal sealed class BodyValidator
{
    private readonly Dictionary<string, string> _jsonNames;
    private readonly ParameterRule[] _parameterRules;
    private readonly PropertyInfo[] _attributedProperties;

    private BodyValidator(Dictionary<string, string> jsonNames, ParameterRule[] parameterRules, PropertyInfo[] attributedProperties)
    {
        _jsonNames = jsonNames;
        _parameterRules = parameterRules;
        _attributedProperties = attributedProperties;
    }

    [RequiresUnreferencedCode("Inspects the members of the body type.")]
    public static BodyValidator? Create(Type type, JsonTypeInfo typeInfo)
    {
        var needed = typeof(IValidatableObject).IsAssignableFrom(type);
        var attributedProperties = new List<PropertyInfo>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.IsDefined(typeof(ValidationAttribute), inherit: true))
            {
                needed = true;
                attributedProperties.Add(property);
            }
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var parameterRules = new List<ParameterRule>();
        if (typeInfo.Kind == JsonTypeInfoKind.Object)
        {
            foreach (var property in typeInfo.Properties)
            {
                if (property.AttributeProvider is MemberInfo member)
                {
                    names[member.Name] = property.Name;

                    // In a positional record ([Required] string Title) the attribute stays on the constructor parameter, where
                    // TryValidateObject never looks; the serializer already paired each parameter with its property by name.
                    if (member is PropertyInfo clrProperty && property.AssociatedParameter?.AttributeProvider is ParameterInfo parameter
                        && Attribute.GetCustomAttributes(parameter, typeof(ValidationAttribute), inherit: true) is { Length: > 0 } attributes)
                    {
                        parameterRules.Add(new ParameterRule(clrProperty, [.. attributes.Cast<ValidationAttribute>()]));
                    }
                }
            }
        }

        if (!needed && parameterRules.Count == 0)
        {
            return null;
        }

        return new BodyValidator(names, [.. parameterRules], [.. attributedProperties]);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Validators are only created for handlers mapped through the Delegate APIs, which are annotated.")]
    public Dictionary<string, string[]>? Validate(object value)
    {
        var results = new List<ValidationResult>();
        foreach (var rule in _parameterRules)
        {
            var member = new ValidationContext(value) { MemberName = rule.Property.Name, DisplayName = rule.Property.Name };
            Validator.TryValidateValue(rule.Property.GetValue(value), member, results, rule.Attributes);
        }

        if (results.Count == 0)
        {
            if (Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
            {
                return null;
            }
        }
        else
        {
            // As in TryValidateObject, type-level rules and IValidatableObject only run on valid members (they may rely on
            // them), so with parameter errors only the property attributes are added.
            foreach (var property in _attributedProperties)
            {
                Validator.TryValidateProperty(property.GetValue(value), new ValidationContext(value) { MemberName = property.Name }, results);
            }
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

    private sealed record ParameterRule(PropertyInfo Property, ValidationAttribute[] Attributes);
}
