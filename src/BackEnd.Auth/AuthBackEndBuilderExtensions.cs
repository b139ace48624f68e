using BackEnd.Auth.Authorization;
using BackEnd.Auth.Authorization.Internal;
using BackEnd.Auth.Internal;
using BackEnd.Hosting;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Storage;
using BackEnd.Storage.KeyValue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackEnd.Auth;

/// <summary>Registers BackEnd.Auth.</summary>
public static class AuthBackEndBuilderExtensions
{
    /// <summary>
    /// Adds users, password hashing, sessions, tokens, CSRF checks and authorization, with their middleware in the pipeline
    /// (running before middleware registered later). Needs an <see cref="Storage.IEntityStore"/> (SQL, documents or in-memory).
    /// </summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="configure">Adjusts the options; optional. Options are validated at start.</param>
    /// <returns>The builder.</returns>
    public static IBackEndBuilder AddAuth(this IBackEndBuilder builder, Action<AuthOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<AuthOptions>().ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(static d => d.ServiceType == typeof(AuthMiddleware)))
        {
            return builder;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HashingQueue>();
        services.TryAddSingleton(static sp => new PasswordHasher(sp.GetRequiredService<IOptions<AuthOptions>>(), sp.GetRequiredService<HashingQueue>()));
        services.TryAddSingleton(static sp => new AuthService(
            sp.GetRequiredService<Storage.IEntityStore>(), sp.GetRequiredService<PasswordHasher>(), sp.GetRequiredService<IOptions<AuthOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AuthService>>()));
        // Resolved when first used, so a shared store (Redis, SQL, documents) registered before or after AddAuth wins; a
        // node-local in-memory store otherwise, which the container disposes with the limiter.
        services.TryAddSingleton(static sp => new RateLimiter(
            sp.GetService<IKeyValueStore>() ?? sp.GetRequiredService<FallbackKeyValueStore>().Store, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(static sp => new FallbackKeyValueStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(static sp => new RefusalHold(
            sp.GetRequiredService<IOptions<AuthOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None));
        services.TryAddSingleton<DefaultAuthorizationService>();
        services.TryAddSingleton<IAuthorizationService>(static sp => sp.GetRequiredService<DefaultAuthorizationService>());
        services.AddSingleton<AuthMiddleware>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEndpointValidator, AuthEndpointValidator>());
        builder.Configure(static app =>
        {
            var middleware = app.ServiceProvider.GetRequiredService<AuthMiddleware>();
            app.Use(next => context => middleware.InvokeAsync(context, next));
        });
        return builder;
    }

    /// <summary>
    /// Has the app's relational store (BackEnd.Storage.Sql) create and upgrade Auth's tables with its own migrations: Auth's
    /// scripts for SQLite, PostgreSQL and MySQL/MariaDB take version 1 of the migration history (<c>0001_auth</c>), so number the
    /// app's migrations from 2. A database whose version 1 was a copy of these tables from a sample or template stays valid.
    /// </summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Not needed with the in-memory or document stores, which need no schema.</remarks>
    public static IBackEndBuilder AddAuthMigrations(this IBackEndBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var assembly = typeof(AuthService).Assembly;
        if (!builder.Services.Any(d => d.ImplementationInstance is EmbeddedMigrations m && m.Assembly == assembly))
        {
            builder.Services.AddSingleton(new EmbeddedMigrations(assembly, "Migrations", AuthMigrationChecksums.EarlierCopies));
        }

        return builder;
    }

    /// <summary>Registers a handler of authorization requirements (for example an owner check over a resource type).</summary>
    /// <typeparam name="THandler">The handler type, created once.</typeparam>
    /// <param name="builder">The BackEnd builder.</param>
    /// <returns>The builder.</returns>
    public static IBackEndBuilder AddAuthorizationHandler<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IBackEndBuilder builder)
        where THandler : class, IAuthorizationHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, THandler>());
        return builder;
    }
}
