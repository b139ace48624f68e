using BackEnd.Diagnostics;
using BackEnd.Hosting;
using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Internal.KeyValue;
using BackEnd.Storage.KeyValue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BackEnd.Storage.Document;

/// <summary>Registers document and key/value storage.</summary>
public static class DocumentStorageBackEndBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="IDocumentStore"/> (also as Core's <see cref="IEntityStore"/>), and <see cref="IKeyValueStore"/> on the same engine (or on Redis when configured)
    /// with an <see cref="IHealthCheck"/> named <c>keyvalue</c> for readiness.
    /// Without a connection string, <c>ConnectionStrings:Documents</c> is used (PostgreSQL when it names a <c>Host</c> or <c>Server</c>,
    /// else LiteDB), else the LiteDB file <c>documents.db</c>.
    /// </summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="configure">Configures the options, e.g. <c>o =&gt; o.UseLiteDb("Filename=docs.db")</c>.</param>
    /// <returns>The builder.</returns>
    public static IBackEndBuilder AddDocumentStorage(this IBackEndBuilder builder, Action<DocumentStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<DocumentStorageOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure<IServiceProvider>((o, sp) =>
        {
            if (o.ConnectionString is null && sp.GetService<IConfiguration>()?.GetConnectionString("Documents") is { Length: > 0 } configured)
            {
                o.ConnectionString = configured;
                if (NamesServer(configured))
                {
                    o.Engine = DocumentEngine.Postgres;
                }
            }
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => DocumentStore.Create(sp.GetRequiredService<IOptions<DocumentStorageOptions>>().Value));
        services.TryAddSingleton<IDocumentStore>(sp => sp.GetRequiredService<DocumentStore>());
        services.TryAddSingleton<IEntityStore>(sp => sp.GetRequiredService<DocumentStore>());
        services.TryAddSingleton<IKeyValueStore>(sp => KeyValueStores.Create(
            sp.GetRequiredService<IOptions<DocumentStorageOptions>>().Value, sp.GetRequiredService<DocumentStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthCheck, KeyValueHealthCheck>());
        return builder;
    }

    // LiteDB's connection string has no Host or Server key; Npgsql's always has one.
    private static bool NamesServer(string connectionString)
    {
        var parsed = new System.Data.Common.DbConnectionStringBuilder();
        try
        {
            parsed.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return false;
        }

        return parsed.ContainsKey("Host") || parsed.ContainsKey("Server");
    }
}
