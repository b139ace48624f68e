using BackEnd.Hosting;
using BackEnd.Realtime;
using BackEnd.Storage.Sql.Backplane.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace BackEnd.Storage.Sql;

/// <summary>Registers the PostgreSQL <c>LISTEN/NOTIFY</c> backplane.</summary>
public static class PostgresBackplaneBackEndBuilderExtensions
{
    /// <summary>
    /// Registers an <see cref="IEventBackplane"/> on PostgreSQL <c>LISTEN/NOTIFY</c>: one listening connection per node that
    /// reconnects by itself. A message too large for a notification (8,000 bytes) is stored in the table
    /// <c>backend_backplane_messages</c> (created on first need, rows removed after 5 minutes) and notified by reference.
    /// Join hubs to it with <c>AddEventHubBackplane</c>.
    /// </summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="connectionString">The PostgreSQL connection string; every node names the same database.</param>
    /// <returns>The BackEnd builder.</returns>
    public static IBackEndBuilder AddPostgresBackplane(this IBackEndBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.TryAddSingleton<IEventBackplane>(sp =>
            new PostgresBackplane(connectionString, sp.GetRequiredService<ILoggerFactory>().CreateLogger("BackEnd.Storage.Sql.Backplane")));
        return builder;
    }
}
