using BackEnd.Diagnostics;
using BackEnd.Hosting;
using BackEnd.Storage.Providers;
using BackEnd.Storage.Sql.Internal;
using BackEnd.Storage.Sql.Migrations;
using BackEnd.Storage.Sql.Migrations.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BackEnd.Storage.Sql;

/// <summary>Registers the relational store.</summary>
public static class SqlStorageBackEndBuilderExtensions
{
    /// <summary>
    /// Registers the relational store as <see cref="ISqlDatabase"/>, <see cref="IEntityStore"/> and every <see cref="IRepository{TEntity, TKey}"/>,
    /// with <see cref="ISqlMigrator"/>, a start-up step that applies migrations, and an <see cref="IHealthCheck"/> named <c>sql</c>.
    /// </summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="configure">Configures the options, e.g. <c>o =&gt; o.UseSqlite("Data Source=app.db")</c>; without it, SQLite with <c>ConnectionStrings:Default</c>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// Calling it again adds the new configuration and registers nothing twice. The last <c>Add*Storage</c> call decides which store serves
    /// <see cref="IEntityStore"/> and <see cref="IRepository{TEntity, TKey}"/>: called after <c>AddInMemoryStorage</c>, it replaces the in-memory store.
    /// Keyset cursors are sealed with <see cref="StorageCursorOptions"/>' key, which every node must share.
    /// </remarks>
    public static IBackEndBuilder AddSqlStorage(this IBackEndBuilder builder, Action<SqlStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<SqlStorageOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqlStorageOptions>, SqlStorageOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<SqlStorageOptions>, SqlStorageConfigurationSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<SqlStorageOptions>, SqlEmbeddedMigrationsSetup>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqlDatabase>();
        services.TryAddSingleton<ISqlDatabase>(sp => sp.GetRequiredService<SqlDatabase>());
        services.TryAddSingleton<CursorProtector>(CursorProtector.FromServices);
        services.RemoveAll<IEntityStore>();
        services.AddSingleton<IEntityStore>(sp => sp.GetRequiredService<SqlDatabase>());
        services.RemoveAll(typeof(IRepository<,>));
        services.AddTransient(typeof(IRepository<,>), typeof(SqlRepositoryService<,>));
        services.TryAddSingleton<ISqlMigrator, SqlMigrator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SqlStorageStartup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthCheck, SqlHealthCheck>());
        return builder;
    }
}
