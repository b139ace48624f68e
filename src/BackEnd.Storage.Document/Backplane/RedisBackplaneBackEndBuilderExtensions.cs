using BackEnd.Hosting;
using BackEnd.Realtime;
using BackEnd.Storage.Document.Backplane.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackEnd.Storage.Document;

/// <summary>Registers the Redis pub/sub backplane.</summary>
public static class RedisBackplaneBackEndBuilderExtensions
{
    /// <summary>
    /// Registers an <see cref="IEventBackplane"/> on Redis pub/sub (one connection per node; it reconnects and subscribes
    /// again by itself). Join hubs to it with <c>AddEventHubBackplane</c>.
    /// </summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="configuration">The Redis configuration, e.g. <c>127.0.0.1:6379</c>; every node names the same server.</param>
    /// <returns>The BackEnd builder.</returns>
    public static IBackEndBuilder AddRedisBackplane(this IBackEndBuilder builder, string configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        builder.Services.TryAddSingleton<IEventBackplane>(_ => new RedisBackplane(configuration));
        return builder;
    }
}
