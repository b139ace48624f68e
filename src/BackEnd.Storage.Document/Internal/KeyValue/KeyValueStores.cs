using BackEnd.Storage.Document.Internal.LiteDb;
using BackEnd.Storage.Document.Internal.Postgres;
using BackEnd.Storage.KeyValue;

namespace BackEnd.Storage.Document.Internal.KeyValue;

internal static class KeyValueStores
{
    public static IKeyValueStore Create(DocumentStorageOptions options, DocumentStore documents, TimeProvider time)
    {
        if (options.RedisConfiguration is { } redis)
        {
            return new RedisKeyValueStore(redis);
        }

        return documents.Engine switch
        {
            LiteDbDocumentEngine lite => new LiteDbKeyValueStore(lite.Worker, time),
            PostgresDocumentEngine postgres => new PostgresKeyValueStore(postgres.DataSource, time),
            _ => throw new InvalidOperationException($"No key/value store for the {documents.Engine.Name} engine."),
        };
    }
}
