using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BackEnd.Storage.Document.Internal.Query;

namespace BackEnd.Storage.Document.Internal;

/// <summary>How documents of one type become JSON (as the caller's options write it) and a query view (dates as ticks, enums as numbers).</summary>
/// <remarks>
/// The stored JSON is what System.Text.Json wrote, so a document reads back exactly; the query view exists because JSON text cannot compare
/// instants (offsets differ) or enums (names) the way C# does.
/// </remarks>
internal sealed class DocumentMapper
{
    private static readonly ConcurrentDictionary<(Type, JsonSerializerOptions), DocumentMapper> Cache = new();
    private readonly ConcurrentDictionary<MemberInfo, string> _names = new();

    private DocumentMapper(Type type, JsonSerializerOptions options, DocumentLimits limits)
    {
        DocumentType = type;
        Options = options;
        Limits = limits;
        ViewOptions = new JsonSerializerOptions(options);
        ViewOptions.Converters.Insert(0, new TicksDateTimeConverter());
        ViewOptions.Converters.Insert(0, new TicksDateTimeOffsetConverter());
        ViewOptions.Converters.Insert(0, new NumberEnumConverterFactory());
        ViewOptions.MakeReadOnly(populateMissingResolver: true);
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        IdProperty = Array.Find(properties, p => p.GetCustomAttribute<KeyAttribute>() is not null)
            ?? Array.Find(properties, p => string.Equals(p.Name, "Id", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"The document type {type.Name} needs an 'Id' property (or one marked [Key]).");
        IdKind = DocumentIds.KindOf(IdProperty.PropertyType)
            ?? throw new InvalidOperationException($"The id of {type.Name} must be a long, int, Guid, string or LiteDB ObjectId.");
        VersionProperty = Array.Find(properties, p => p.GetCustomAttribute<ConcurrencyCheckAttribute>() is not null)
            ?? Array.Find(properties, p => p.Name == "Version" && p.PropertyType == typeof(long));
        IdJsonName = JsonName(IdProperty);
        _builtIn = new(() => (
            IsBuiltIn(ViewOptions, typeof(string)),
            (ViewOptions.NumberHandling & System.Text.Json.Serialization.JsonNumberHandling.WriteAsString) == 0
                && IsBuiltIn(ViewOptions, typeof(bool)) && IsBuiltIn(ViewOptions, typeof(long)) && IsBuiltIn(ViewOptions, typeof(int))));
        ViewIsJson = WritesSameView(type, Options, []);
        _keyIdName = new(() =>
        {
            var plain = IdKind switch
            {
                DocumentIdKind.Int64 or DocumentIdKind.Int32 => _builtIn.Value.Numbers,
                DocumentIdKind.String => _builtIn.Value.Text,
                _ => false,
            };
            var info = ViewOptions.GetTypeInfo(type);
            var property = info.Properties.FirstOrDefault(p => p.Name == IdJsonName);
            const System.Text.Json.Serialization.JsonNumberHandling AsString = System.Text.Json.Serialization.JsonNumberHandling.WriteAsString;
            return plain && property is { CustomConverter: null } && property.PropertyType == IdProperty.PropertyType
                && ((property.NumberHandling ?? info.NumberHandling ?? 0) & AsString) == 0
                ? IdJsonName
                : null;
        });
    }

    public Type DocumentType { get; }

    public JsonSerializerOptions Options { get; }

    public JsonSerializerOptions ViewOptions { get; }

    public DocumentLimits Limits { get; }

    public PropertyInfo IdProperty { get; }

    public DocumentIdKind IdKind { get; }

    public string IdJsonName { get; }

    public PropertyInfo? VersionProperty { get; }

    /// <summary>
    /// Gets the id's JSON name when the view writes the id as the plain number (long, int) or string that the engines' key holds, so the
    /// view's copy of it can be left out of a stored record and queries on it read the key; otherwise null.
    /// </summary>
    public string? KeyIdName => _keyIdName.Value;

    private readonly Lazy<string?> _keyIdName;

    /// <summary>Gets the predicate plans of this type, per expression shape.</summary>
    public QueryShapeCache<string, PlannedShape> Shapes { get; } = new(QueryShapeCache<string, PlannedShape>.DefaultCapacity, StringComparer.Ordinal, searchByCharacters: true);

    /// <summary>Gets whether the query view of this type is its JSON (no dates or enums anywhere), so one serialisation gives both.</summary>
    public bool ViewIsJson { get; }

    public static DocumentMapper For(Type type, JsonSerializerOptions options, DocumentLimits limits)
        => Cache.GetOrAdd((type, options), key => new DocumentMapper(key.Item1, key.Item2, limits));

    public static ScalarKind KindOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(bool))
        {
            return ScalarKind.Boolean;
        }

        if (type.IsEnum || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(decimal)
            || (type.IsPrimitive && type != typeof(char) && type != typeof(IntPtr) && type != typeof(UIntPtr)))
        {
            return ScalarKind.Number;
        }

        return type == typeof(string) || type == typeof(char) || type == typeof(Guid) || type == typeof(DateOnly) || type == typeof(LiteDB.ObjectId)
            ? ScalarKind.Text
            : ScalarKind.Other;
    }

    /// <summary>Gets the JSON name the caller's options give a member (naming policy, [JsonPropertyName], source-generated metadata).</summary>
    public string JsonName(MemberInfo member) => _names.GetOrAdd(member, m =>
    {
        var info = Options.GetTypeInfo(m.DeclaringType!);
        foreach (var property in info.Properties)
        {
            if (property.AttributeProvider is MemberInfo declared && declared.Name == m.Name && declared.DeclaringType == m.DeclaringType)
            {
                return property.Name;
            }
        }

        foreach (var property in info.Properties)
        {
            if (property.AttributeProvider is MemberInfo declared && declared.Name == m.Name)
            {
                return property.Name;
            }
        }

        throw new NotSupportedException($"The member '{m.DeclaringType?.Name}.{m.Name}' is not serialised, so it cannot be queried.");
    });

    public object? GetId(object document) => IdProperty.GetValue(document);

    public void SetId(object document, object id) => IdProperty.SetValue(document, id);

    public void SetVersion(object document, long version) => VersionProperty?.SetValue(document, version);

    public long? GetVersion(object document) => VersionProperty?.GetValue(document) as long?;

    /// <summary>Writes the stored JSON and the query view (the same string when <see cref="ViewIsJson"/>), enforcing the size and depth limits.</summary>
    public (string Json, string View) Serialize(object document)
    {
        string json;
        string view;
        try
        {
            json = JsonSerializer.Serialize(document, DocumentType, Options);
            view = ViewIsJson ? json : JsonSerializer.Serialize(document, DocumentType, ViewOptions);
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"The {DocumentType.Name} document cannot be stored: {exception.Message}", nameof(document), exception);
        }
        catch (InvalidOperationException exception) when (exception.Message.Contains("depth", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The {DocumentType.Name} document is nested deeper than {Options.MaxDepth} levels.", nameof(document), exception);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"The {DocumentType.Name} document cannot be stored: {exception.Message}", nameof(document), exception);
        }

        // A UTF-16 character is at most 3 UTF-8 bytes: short documents are under the limit without counting.
        var size = (long)json.Length * 3 <= Limits.MaxDocumentBytes ? 0 : Encoding.UTF8.GetByteCount(json);
        if (size > Limits.MaxDocumentBytes)
        {
            throw new ArgumentException(
                $"The {DocumentType.Name} document is {size} bytes of JSON, over the limit of {Limits.MaxDocumentBytes}.", nameof(document));
        }

        return (json, view);
    }

    /// <summary>
    /// Tells whether <paramref name="options"/> and the view options write <paramref name="type"/> alike: true only when every type reachable
    /// through its declared members is a scalar the view converters leave alone, so anything unknown (object, converters, polymorphism) is no.
    /// </summary>
    internal static bool WritesSameView(Type type, JsonSerializerOptions options, HashSet<Type> seen)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(object))
        {
            return false;
        }

        if (!seen.Add(type))
        {
            return true;
        }

        var info = options.GetTypeInfo(type);
        if (info.PolymorphismOptions is not null)
        {
            return false;
        }

        return info.Kind switch
        {
            JsonTypeInfoKind.None => PlainScalars.Contains(type),
            JsonTypeInfoKind.Enumerable => WritesSameView(info.ElementType!, options, seen),
            JsonTypeInfoKind.Dictionary => WritesSameView(info.KeyType!, options, seen) && WritesSameView(info.ElementType!, options, seen),
            _ => info.Properties.All(p => p.CustomConverter is null && WritesSameView(p.PropertyType, options, seen)),
        };
    }

    private static readonly HashSet<Type> PlainScalars =
    [
        typeof(string), typeof(bool), typeof(char), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint),
        typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(decimal), typeof(Guid), typeof(DateOnly), typeof(TimeOnly),
        typeof(TimeSpan), typeof(byte[]),
    ];

    public object Deserialize(ReadDocument read)
    {
        var info = _typeInfo ??= Options.GetTypeInfo(DocumentType);
        var document = (read.Json is { } json ? JsonSerializer.Deserialize(json, info) : JsonSerializer.Deserialize(read.Utf8Json.Span, info))
            ?? throw new InvalidOperationException($"A stored {DocumentType.Name} document is null.");
        SetVersion(document, read.Version);
        return document;
    }

    /// <summary>Serialises a value the way the query view stores a member of <paramref name="type"/>, as a scalar an engine compares.</summary>
    public object? ToScalar(object? value, Type type)
    {
        if (value is null)
        {
            return null;
        }

        // The member's converters matter for enums (numbers in the view); otherwise the value's own type writes the same view form
        // (C# widens x.N == 5L to Convert(x.N) == 5L, and the member type could not hold the value).
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsEnum && !target.IsInstanceOfType(value))
        {
            value = Enum.ToObject(target, value);
        }

        if (PlainScalar(value) is { } plain)
        {
            return plain;
        }

        var element = JsonSerializer.SerializeToElement(value, target.IsInstanceOfType(value) ? type : value.GetType(), ViewOptions);
        return ScalarOf(element);
    }

    // Values whose view form is the value itself, when the options write them with System.Text.Json's own converters: a query
    // translated per call then skips building a JsonElement for each argument.
    private object? PlainScalar(object value) => value switch
    {
        string s when _builtIn.Value.Text => s,
        bool b when _builtIn.Value.Numbers => b,
        long l when _builtIn.Value.Numbers => l,
        int i when _builtIn.Value.Numbers => (long)i,
        _ => null,
    };

    private readonly Lazy<(bool Text, bool Numbers)> _builtIn;

    // Looked up once: the Type overloads look the metadata up in the options' cache on every call.
    private JsonTypeInfo? _typeInfo;

    private static bool IsBuiltIn(JsonSerializerOptions options, Type type) => options.GetConverter(type).GetType().Assembly == typeof(JsonSerializer).Assembly;

    public static object? ScalarOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number when element.TryGetInt64(out var l) => l,
        JsonValueKind.Number when element.TryGetDecimal(out var d) => d,
        JsonValueKind.Number => element.GetDouble(),
        _ => throw new NotSupportedException($"A {element.ValueKind} value cannot be compared in a query."),
    };
}
