using System;
using System.Threading;
using System.Threading.Tasks;
using BackEnd.Hosting;
using BackEnd.Http;
using BackEnd.HttpResults;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Storage;
using BackEnd.Storage.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackEnd.Bench.DbHttp;

/// <summary>samples/Hello's /db/users/{id}: BackEnd's server, the route, and <c>IRepository&lt;StoredUser, long&gt;.GetAsync</c>.</summary>
internal static class BackEndApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.ClearProviders();
        var table = UsersTable.FromArguments(builder.Configuration);
        await table.EnsureSeededAsync().ConfigureAwait(false);
        builder.Services.AddBackEnd(_ => { })
            .AddJsonSerializerContext(DbHttpJsonContext.Default)
            .AddSqlStorage(o => _ = table.Engine switch
            {
                "postgres" => o.UsePostgres(table.ConnectionString),
                "mysql" => o.UseMySql(table.ConnectionString),
                _ => o.UseSqlite(table.ConnectionString),
            })
            .Configure(app =>
            {
                app.MapGet("/plaintext", () => "Hello, World!");
                app.MapGet("/db/users/{id:long}", async (long id, IRepository<StoredUser, long> users, CancellationToken cancellationToken) =>
                    await users.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } user ? Results.Ok(new UserRecord(user.Id, user.Name)) : Results.NotFound());
            });
        using var host = builder.Build();
        await host.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
