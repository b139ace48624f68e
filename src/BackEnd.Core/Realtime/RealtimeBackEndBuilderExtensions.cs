using BackEnd.Hosting;
using BackEnd.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackEnd.Hosting;

/// <summary>Registers live-content services.</summary>
public static class RealtimeBackEndBuilderExtensions
{
    /// <summary>Registers one <see cref="EventHub{T}"/> singleton for handlers to publish to and subscribe from; a second call changes nothing.</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="configure">Adjusts the options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The BackEnd builder.</returns>
    public static IBackEndBuilder AddEventHub<T>(this IBackEndBuilder builder, Action<EventHubOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new EventHubOptions();
        configure?.Invoke(options);
        if (options.QueueCapacity < 1)
        {
            throw new ArgumentException($"EventHubOptions.QueueCapacity is {options.QueueCapacity}; it must be at least 1.", nameof(configure));
        }

        builder.Services.TryAddSingleton(new EventHub<T>(options));
        return builder;
    }
}
