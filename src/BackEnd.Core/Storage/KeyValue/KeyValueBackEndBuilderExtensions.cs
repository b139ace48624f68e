using BackEnd.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackEnd.Storage.KeyValue;

/// <summary>Registers the in-memory key/value store.</summary>
public static class KeyValueBackEndBuilderExtensions
{
    /// <summary>Registers an <see cref="InMemoryKeyValueStore"/> as the <see cref="IKeyValueStore"/> unless one is registered already.</summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <returns>The builder.</returns>
    public static IBackEndBuilder AddInMemoryKeyValueStore(this IBackEndBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(sp => new InMemoryKeyValueStore(sp.GetRequiredService<TimeProvider>()));
        builder.Services.TryAddSingleton<IKeyValueStore>(sp => sp.GetRequiredService<InMemoryKeyValueStore>());
        return builder;
    }
}
