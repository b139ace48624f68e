using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using BackEnd.Storage.Document.Internal.LiteDb;
using BackEnd.Storage.Document.Internal.Postgres;

namespace BackEnd.Storage.Document.Internal;

/// <summary>The document store over one engine: hands out collections and repositories and opens transactions.</summary>
internal sealed class DocumentStore : IDocumentStore, IEntityStore, IAsyncDisposable, IDisposable
{
    public DocumentStore(IDocumentEngine engine, JsonSerializerOptions serializerOptions, int maxDocumentBytes)
    {
        Engine = engine;
        var options = new JsonSerializerOptions(serializerOptions);
        options.Converters.Add(new ObjectIdJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        SerializerOptions = options;
        Limits = new DocumentLimits(maxDocumentBytes);
    }

    public IDocumentEngine Engine { get; }

    public JsonSerializerOptions SerializerOptions { get; }

    public DocumentLimits Limits { get; }

    public static DocumentStore Create(DocumentStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IDocumentEngine engine = options.Engine switch
        {
            DocumentEngine.Postgres => new PostgresDocumentEngine(options.ConnectionString
                ?? throw new InvalidOperationException("PostgreSQL documents need a connection string: call UsePostgres(...) or set ConnectionStrings:Documents.")),
            _ => new LiteDbDocumentEngine(options.ConnectionString ?? "Filename=documents.db"),
        };
        return new DocumentStore(engine, options.SerializerOptions, options.MaxDocumentBytes);
    }

    public IDocumentCollection<T> GetCollection<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(string? name = null)
        where T : class
        => new DocumentCollection<T>(this, DocumentCollection<T>.CheckName(name ?? DefaultName(typeof(T))), transaction: null);

    private int _disposed;

    public IRepository<TEntity, TKey> GetRepository<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicConstructors)] TEntity, TKey>()
        where TEntity : class
        where TKey : notnull
        => new DocumentRepository<TEntity, TKey>(this, transaction: null);

    public async ValueTask<IStorageTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
        => new DocumentStorageTransaction(this, await Engine.BeginTransactionAsync(cancellationToken).ConfigureAwait(false));

    public DocumentMapper MapperFor(Type type) => DocumentMapper.For(type, SerializerOptions, Limits);

    // The container disposes the store once per service it is registered as (DocumentStore, IDocumentStore, IEntityStore).
    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _disposed, 1) == 0 ? Engine.DisposeAsync() : ValueTask.CompletedTask;

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static string DefaultName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return (tick < 0 ? name : name[..tick]).ToLowerInvariant();
    }
}
