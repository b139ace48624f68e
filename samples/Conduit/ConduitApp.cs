using System.Security.Claims;
using Microsoft.Extensions.Configuration;

namespace Conduit;

/// <summary>The sample's composition, shared by <c>Program.cs</c> and the tests that run the sample.</summary>
public static class ConduitApp
{
    /// <summary>The policy that lets only an article's or comment's author change it.</summary>
    public const string AuthorPolicy = "Author";

    /// <summary>Registers storage (SQLite under <c>Conduit:DataPath</c>, or PostgreSQL when <c>ConnectionStrings:Conduit</c> is set), auth and the API.</summary>
    /// <param name="builder">The BackEnd builder of the host.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The same builder.</returns>
    public static IBackEndBuilder AddConduit(this IBackEndBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var postgres = configuration.GetConnectionString("Conduit");
        return builder
            .AddJsonSerializerContext(ConduitJsonContext.Default)
            .ConfigureRouteHandlers(o => o.InvalidBodyStatusCode = 422)
            .AddSqlStorage(o => (string.IsNullOrEmpty(postgres) ? o.UseSqlite(SqliteConnectionString(configuration)) : o.UsePostgres(postgres))
                .AddMigrationsFromAssembly(typeof(ConduitApp).Assembly))
            .AddAuthMigrations()
            .AddAuth(o =>
            {
                o.TokenScheme = "Token";
                // A token request then reads only its users row; see the README ("Memory and tokens") for the cross-node caveat.
                o.TokenCacheDuration = TimeSpan.FromSeconds(1);
                o.Authorization.AddPolicy(AuthorPolicy, p => p.RequireAssertion(c =>
                    c.Resource is IAuthored item && item.AuthorId == c.User.FindFirst(ClaimTypes.NameIdentifier)?.Value));
            })
            .Configure(app =>
            {
                app.UseRequestLogging();
                var api = app.MapGroup("/api");
                UsersApi.Map(api);
                ArticlesApi.Map(api);
                app.MapOpenApi("/api/openapi.json", o =>
                {
                    o.Title = "RealWorld Conduit API on BackEnd";
                    o.Version = "1.1.0";
                });
            });
    }

    private static string SqliteConnectionString(IConfiguration configuration)
    {
        var folder = Directory.CreateDirectory(configuration["Conduit:DataPath"] is { Length: > 0 } path ? path : "data").FullName;
        return $"Data Source={Path.Combine(folder, "conduit.db")}";
    }
}
