using BackEnd.Realtime;
using BackEnd.Realtime.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackEnd.Hosting;

/// <summary>Joins event hubs to an <see cref="IEventBackplane"/> so their events reach every node.</summary>
public static class EventBackplaneBackEndBuilderExtensions
{
    /// <summary>
    /// Sends the events of the <see cref="EventHub{T}"/> to the other nodes and delivers theirs to this node's subscribers,
    /// through the registered <see cref="IEventBackplane"/> (for example <c>AddPostgresBackplane</c> or <c>AddRedisBackplane</c>);
    /// without one, the hub stays in-process. Registers the hub if it is not yet.
    /// </summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="configure">Sets the channel and the serialization.</param>
    /// <returns>The BackEnd builder.</returns>
    public static IBackEndBuilder AddEventHubBackplane<T>(this IBackEndBuilder builder, Action<EventHubBackplaneOptions<T>> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new EventHubBackplaneOptions<T>();
        configure(options);
        EventBackplaneChannel.ThrowIfInvalid(options.Channel, nameof(configure));
        if (options.Serialize is null || options.Deserialize is null)
        {
            throw new ArgumentException("EventHubBackplaneOptions needs both Serialize and Deserialize: the other nodes receive the event as text.", nameof(configure));
        }

        if (options.SendQueueCapacity < 1 || options.MaxEventLength < 1)
        {
            throw new ArgumentException(
                $"EventHubBackplaneOptions.SendQueueCapacity ({options.SendQueueCapacity}) and MaxEventLength ({options.MaxEventLength}) must be at least 1.", nameof(configure));
        }

        builder.AddEventHub<T>();
        builder.Services.TryAddSingleton(options);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EventHubBridge<T>>(sp => new EventHubBridge<T>(
            sp.GetRequiredService<EventHub<T>>(),
            sp.GetService<IEventBackplane>(),
            sp.GetRequiredService<EventHubBackplaneOptions<T>>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("BackEnd.Realtime.Backplane"))));
        return builder;
    }
}
