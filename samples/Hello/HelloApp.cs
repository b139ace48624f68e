using System.Globalization;
using System.Net.ServerSentEvents;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using BackEnd.Hosting;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Realtime;
using BackEnd.Results;
using BackEnd.Routing;
using BackEnd.Storage;
using BackEnd.Storage.Sql;
using Microsoft.Extensions.DependencyInjection;

namespace Hello;

/// <summary>The sample's composition, shared by <c>Program.cs</c> and the tests that run the sample.</summary>
public static class HelloApp
{
    /// <summary>The SQLite database the sample uses when <c>ConnectionStrings:Default</c> is not set.</summary>
    public const string DefaultConnectionString = "Data Source=hello.db";

    /// <summary>Registers the sample's storage, JSON metadata and endpoints.</summary>
    /// <param name="builder">The BackEnd builder of the host.</param>
    /// <param name="webRoot">The folder served at <c>/</c> (index.html, app.js with its pre-compressed siblings).</param>
    /// <param name="connectionString">The SQLite connection string of the users table.</param>
    /// <returns>The same builder.</returns>
    public static IBackEndBuilder AddHello(this IBackEndBuilder builder, string webRoot, string connectionString)
    {
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
                app.MapHealthChecks("/health");
                app.MapGet("/events", (HttpContext context) =>
                {
                    var clock = context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
                    return RealtimeResults.ServerSentEvents((lastEventId, ct) => TickAsync(lastEventId, clock, ct));
                });
                app.MapWebSocket("/ws", EchoWebSocketAsync);
                app.MapStaticFiles("/", webRoot);
            });
    }

    /// <summary>One event a second, ids counting up from 1; a client resuming with <c>Last-Event-ID: N</c> continues at N+1.</summary>
    private static async IAsyncEnumerable<SseItem<string>> TickAsync(string? lastEventId, TimeProvider clock, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var last) && last < long.MaxValue ? last + 1 : 1;
        while (true)
        {
            var text = id.ToString(CultureInfo.InvariantCulture);
            yield return new SseItem<string>("tick " + text) { EventId = text };
            await Task.Delay(TimeSpan.FromSeconds(1), clock, cancellationToken);
            id++;
        }
    }

    private static async Task EchoWebSocketAsync(WebSocket socket, HttpContext context, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                await socket.SendAsync(message.GetBuffer().AsMemory(0, (int)message.Length), result.MessageType, endOfMessage: true, cancellationToken);
                message.SetLength(0);
            }
        }
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
