using System.Text.Json;

namespace BackEnd.Storage.Sql;

/// <summary>A parameter value bound as JSON (<c>jsonb</c>/<c>json</c> on PostgreSQL, <c>JSON</c> on MySQL, text on SQLite).</summary>
/// <remarks>
/// Pass it in the parameters of <see cref="ISqlExecutor"/> calls: <c>new { settings = SqlJson.Serialize(settings) }</c>. Rows map a
/// JSON column to a member of any type System.Text.Json can read. In entities, a <see cref="string"/> member marked
/// <c>[Column(TypeName = "jsonb")]</c> (or <c>"json"</c>) is stored the same way.
/// </remarks>
public sealed class SqlJson
{
    private SqlJson(string text)
    {
        Text = text;
    }

    /// <summary>Gets the JSON text.</summary>
    public string Text { get; }

    /// <summary>Wraps JSON text after checking that it is one well-formed JSON value.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The parameter value.</returns>
    /// <exception cref="ArgumentException">The text is not JSON.</exception>
    public static SqlJson FromText(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!IsValid(json))
        {
            throw new ArgumentException("The text is not one well-formed JSON value.", nameof(json));
        }

        return new SqlJson(json);
    }

    /// <summary>Serializes a value with System.Text.Json (web defaults, camelCase, unless options are given).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="options">Serializer options; <see langword="null"/> uses <see cref="JsonSerializerOptions.Web"/>, with which rows read JSON columns back.</param>
    /// <returns>The parameter value.</returns>
    public static SqlJson Serialize<T>(T value, JsonSerializerOptions? options = null)
        => new(JsonSerializer.Serialize(value, options ?? JsonSerializerOptions.Web));

    /// <inheritdoc/>
    public override string ToString() => Text;

    internal static SqlJson Trusted(string json) => new(json);

    internal static bool IsValid(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
