using System.Text.Json;

namespace BackEnd.Storage.Document;

/// <summary>Configures document and key/value storage.</summary>
public sealed class DocumentStorageOptions
{
    /// <summary>Gets or sets the engine.</summary>
    /// <value>Default: <see cref="DocumentEngine.LiteDb"/>.</value>
    public DocumentEngine Engine { get; set; } = DocumentEngine.LiteDb;

    /// <summary>Gets or sets the engine's connection string (LiteDB: <c>Filename=docs.db</c>; PostgreSQL: an Npgsql connection string).</summary>
    /// <value>Default: <c>ConnectionStrings:Documents</c> from configuration (which selects PostgreSQL when it names a <c>Host</c> or <c>Server</c>), else <c>Filename=documents.db</c> for LiteDB.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets the StackExchange.Redis configuration (e.g. <c>127.0.0.1:6379</c>) that serves <c>IKeyValueStore</c>; when unset the document engine does.</summary>
    public string? RedisConfiguration { get; set; }

    /// <summary>Gets or sets how documents become JSON; a source-generated context is supported through its <see cref="JsonSerializerOptions.TypeInfoResolver"/>.</summary>
    /// <value>Default: <see cref="JsonSerializerDefaults.Web"/> options with a <see cref="JsonSerializerOptions.MaxDepth"/> of 64.</value>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web) { MaxDepth = 64 };

    /// <summary>Gets or sets the largest document, in bytes of UTF-8 JSON; larger ones are refused with <see cref="ArgumentException"/>.</summary>
    /// <value>Default: 16 MiB (MongoDB's limit).</value>
    public int MaxDocumentBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Selects LiteDB.</summary>
    /// <param name="connectionString">A LiteDB connection string, e.g. <c>Filename=docs.db</c>; the collation is always ordinal.</param>
    /// <returns>These options.</returns>
    public DocumentStorageOptions UseLiteDb(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Engine = DocumentEngine.LiteDb;
        ConnectionString = connectionString;
        return this;
    }

    /// <summary>Selects PostgreSQL jsonb.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>These options.</returns>
    public DocumentStorageOptions UsePostgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Engine = DocumentEngine.Postgres;
        ConnectionString = connectionString;
        return this;
    }

    /// <summary>Serves <c>IKeyValueStore</c> from Redis instead of the document engine.</summary>
    /// <param name="configuration">A StackExchange.Redis configuration string.</param>
    /// <returns>These options.</returns>
    public DocumentStorageOptions UseRedisForKeyValue(string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        RedisConfiguration = configuration;
        return this;
    }
}
