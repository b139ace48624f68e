using BackEnd.Hosting;
using BackEnd.Storage.InMemory.Internal;
using BackEnd.Storage.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackEnd.Storage.InMemory;

/// <summary>Registers the in-memory entity store.</summary>
public static class InMemoryStorageBackEndBuilderExtensions
{
    /// <summary>Registers an <see cref="InMemoryEntityStore"/> as the <see cref="IEntityStore"/> and every <see cref="IRepository{TEntity, TKey}"/>.</summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Idempotent; a store registered earlier (for example a SQL store) is kept.</remarks>
    public static IBackEndBuilder AddInMemoryStorage(this IBackEndBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<InMemoryEntityStore>();
        builder.Services.TryAddSingleton<IEntityStore>(sp => sp.GetRequiredService<InMemoryEntityStore>());
        builder.Services.TryAddTransient(typeof(IRepository<,>), typeof(StoreRepository<,>));
        return builder;
    }
}
