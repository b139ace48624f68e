using BackEnd.Hosting;
using BackEnd.Storage.InMemory.Internal;
using BackEnd.Storage.Internal;
using BackEnd.Storage.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackEnd.Storage.InMemory;

/// <summary>Registers the in-memory entity store.</summary>
public static class InMemoryStorageBackEndBuilderExtensions
{
    /// <summary>Registers an <see cref="InMemoryEntityStore"/> as the <see cref="IEntityStore"/> and every <see cref="IRepository{TEntity, TKey}"/>.</summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// Calling it twice registers one store. The last <c>Add*Storage</c> call decides which store serves <see cref="IEntityStore"/> and
    /// <see cref="IRepository{TEntity, TKey}"/>: called after <c>AddSqlStorage</c>, it replaces the SQL store there (a test swapping the store).
    /// </remarks>
    public static IBackEndBuilder AddInMemoryStorage(this IBackEndBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<CursorProtector>(CursorProtector.FromServices);
        services.TryAddSingleton(sp => new InMemoryEntityStore(sp.GetRequiredService<CursorProtector>()));
        services.RemoveAll<IEntityStore>();
        services.AddSingleton<IEntityStore>(sp => sp.GetRequiredService<InMemoryEntityStore>());
        services.RemoveAll(typeof(IRepository<,>));
        services.AddTransient(typeof(IRepository<,>), typeof(StoreRepository<,>));
        return builder;
    }
}
