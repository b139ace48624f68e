using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using BackEnd.Bench.Kestrel;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.FileProviders;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

// The slim builder leaves out HTTPS; bench/tls.sh passes https:// URLs and Kestrel:Certificates:Default:* on the command line.
builder.WebHost.UseKestrelHttpsConfiguration();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BenchJsonContext.Default));

var app = builder.Build();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });

// The same Content-Type bytes as ours (a string result), so both write the same response (bench/run.sh checks it).
app.MapMethods("/plaintext", ["GET", "HEAD"], () => Results.Text("Hello, World!", "text/plain; charset=utf-8"));
app.MapGet("/json", () => new Greeting("Hello, World!"));
app.MapGet("/users/{id:int}", (int id) => new User(id, "user" + id));
app.MapPost("/echo", async (HttpContext context) =>
{
    context.Response.ContentType = context.Request.ContentType;
    await context.Request.Body.CopyToAsync(context.Response.Body);
});
app.UseStaticFiles(new StaticFileOptions
{
    // bench/static.sh passes --static <folder> so both servers read the same files.
    FileProvider = new PhysicalFileProvider(app.Configuration["static"] ?? Path.Combine(AppContext.BaseDirectory, "wwwroot")),
    RequestPath = "/static",
});

// The storage scenario: the same table the BackEnd sample serves, read with plain Microsoft.Data.Sqlite.
var database = UsersDatabase.Create(app.Configuration["db"] ?? Path.Combine(Path.GetTempPath(), "backend-bench-kestrel.db"));
app.MapGet("/db/users/{id:int}", async (int id) =>
    await database.FindAsync(id) is { } user ? Results.Ok(user) : Results.NotFound());

// The realtime scenarios of bench/realtime.sh, as bench/Realtime/Server serves them: SSE fan-out from a Channel per subscriber
// (bounded like BackEnd's EventHub, 256 events) written by ASP.NET Core's own TypedResults.ServerSentEvents, and WebSocket echo.
var broadcaster = new Broadcaster();
app.MapGet("/sse", (CancellationToken cancellationToken) => TypedResults.ServerSentEvents(broadcaster.ReadAsync(broadcaster.Subscribe(), cancellationToken)));
app.MapGet("/subscribers", () => broadcaster.Count.ToString(CultureInfo.InvariantCulture));
app.MapGet("/broadcast", async (int count, int intervalMs, CancellationToken cancellationToken) =>
{
    long delivered = 0;
    for (var i = 1; i <= count; i++)
    {
        delivered += broadcaster.Publish(i.ToString(CultureInfo.InvariantCulture) + " " + Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture));
        await Task.Delay(intervalMs, cancellationToken);
    }

    return delivered.ToString(CultureInfo.InvariantCulture);
});
app.Map("/ws", async (HttpContext context) =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.StatusCode = 400;
        return;
    }

    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    var buffer = new byte[4096];
    while (true)
    {
        var result = await socket.ReceiveAsync(buffer.AsMemory(), context.RequestAborted);
        if (result.MessageType == WebSocketMessageType.Close)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            return;
        }

        await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, context.RequestAborted);
    }
});

app.Run();

namespace BackEnd.Bench.Kestrel
{
    internal sealed record Greeting(string Message);

    internal sealed record User(long Id, string Name);

    internal sealed class UsersDatabase(string connectionString)
    {
        public const int Rows = 10_000;

        public static UsersDatabase Create(string path)
        {
            var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; " +
                    "CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);";
                pragma.ExecuteNonQuery();
            }

            using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM users";
            if ((long)count.ExecuteScalar()! < Rows)
            {
                using var transaction = connection.BeginTransaction();
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT OR REPLACE INTO users (id, name) VALUES ($id, $name)";
                var id = insert.Parameters.Add("$id", SqliteType.Integer);
                var name = insert.Parameters.Add("$name", SqliteType.Text);
                for (var i = 1; i <= Rows; i++)
                {
                    id.Value = i;
                    name.Value = "user" + i;
                    insert.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            return new UsersDatabase(connectionString);
        }

        public async Task<User?> FindAsync(int id)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, name FROM users WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync() ? new User(reader.GetInt64(0), reader.GetString(1)) : null;
        }
    }

    /// <summary>Broadcast to every subscriber's bounded channel without waiting; a full channel drops the subscriber.</summary>
    internal sealed class Broadcaster
    {
        private readonly Lock _lock = new();
        private Channel<string>[] _subscribers = [];

        public int Count => Volatile.Read(ref _subscribers).Length;

        public Channel<string> Subscribe()
        {
            var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
            lock (_lock)
            {
                _subscribers = [.. _subscribers, channel];
            }

            return channel;
        }

        public int Publish(string item)
        {
            var delivered = 0;
            foreach (var channel in Volatile.Read(ref _subscribers))
            {
                if (channel.Writer.TryWrite(item))
                {
                    delivered++;
                }
                else
                {
                    Remove(channel);
                }
            }

            return delivered;
        }

        public async IAsyncEnumerable<string> ReadAsync(Channel<string> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
                {
                    yield return item;
                }
            }
            finally
            {
                Remove(channel);
            }
        }

        private void Remove(Channel<string> channel)
        {
            channel.Writer.TryComplete();
            lock (_lock)
            {
                _subscribers = [.. _subscribers.Where(c => c != channel)];
            }
        }
    }

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(Greeting))]
    [JsonSerializable(typeof(User))]
    internal sealed partial class BenchJsonContext : JsonSerializerContext;
}
