using System.Globalization;
using BackEnd.Hosting;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.HttpResults;
using BackEnd.Routing;
using BackEnd.Storage;
using BackEnd.Storage.Sql;

namespace Hello;

/// <summary>The sample's composition, shared by <c>Program.cs</c> and the tests that run the sample.</summary>
public static class HelloApp
{
    /// <summary>The SQLite database the sample uses when <c>ConnectionStrings:Default</c> is not set.</summary>
    public const string DefaultConnectionString = "Data Source=hello.db";

    /// <summary>Registers the sample's storage, JSON metadata and endpoints.</summary>
    /// <param name="builder">The BackEnd builder of the host.</param>
    /// <param name="webRoot">The folder served under <c>/static/</c>.</param>
    /// <param name="connectionString">The SQLite connection string of the users table.</param>
    /// <returns>The same builder.</returns>
    public static IBackEndBuilder AddHello(this IBackEndBuilder builder, string webRoot, string connectionString)
    {
        var files = new StaticFileHandler(webRoot);
        return builder
            .AddJsonSerializerContext(HelloJsonContext.Default)
            .AddSqlStorage(o => o.UseSqlite(connectionString).AddMigrationsFromAssembly(typeof(HelloApp).Assembly))
            .Configure(app =>
            {
                app.MapGet("/plaintext", () => "Hello, World!");
                app.MapGet("/json", () => new JsonMessage("Hello, World!"));
                app.MapGet("/users/{id:int}", (int id) => new UserRecord(id, "user" + id.ToString(CultureInfo.InvariantCulture)));
                app.MapGet("/db/users/{id:long}", async (long id, IRepository<StoredUser, long> users, CancellationToken cancellationToken) =>
                    await users.GetAsync(id, cancellationToken) is { } user ? Results.Ok(new UserRecord(user.Id, user.Name)) : Results.NotFound());
                app.MapPost("/echo", EchoAsync);
                app.MapGet("/static/{*path}", (HttpContext context, string? path) => files.ServeAsync(context, path ?? string.Empty));
                app.MapHealthChecks("/health");
            });
    }

    private static async ValueTask EchoAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (request.ContentType is { } contentType)
        {
            response.ContentType = contentType;
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted);
            foreach (var segment in result.Buffer)
            {
                await response.WriteAsync(segment, context.RequestAborted);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }
    }
}
