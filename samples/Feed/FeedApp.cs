using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json;
using BackEnd.Storage.Sql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Feed;

/// <summary>The sample's composition, shared by <c>Program.cs</c> and the tests that run the sample.</summary>
public static class FeedApp
{
    /// <summary>The role that may delete any post.</summary>
    public const string ModeratorRole = "moderator";

    /// <summary>The page size of <c>GET /api/posts</c> without <c>?limit=</c>.</summary>
    public const int DefaultPageSize = 20;

    /// <summary>The largest <c>?limit=</c> accepted.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Registers storage, sign-in, the live hub, the moderator seeding and the routes.</summary>
    /// <param name="builder">The BackEnd builder of the host.</param>
    /// <param name="configuration">Reads <c>Feed:*</c>, <c>ConnectionStrings:Postgres</c> and <c>ConnectionStrings:Redis</c>.</param>
    /// <returns>The same builder.</returns>
    public static IBackEndBuilder AddFeed(this IBackEndBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = FeedSettings.Read(configuration);
        Directory.CreateDirectory(settings.DataPath);
        builder.Services.AddSingleton(settings);

        // Keep the key that seals paging cursors with the data, so a restart keeps old cursors valid.
        builder.Services.Configure<StorageCursorOptions>(o => o.KeyFile ??= Path.Combine(settings.DataPath, "cursor.key"));

        builder
            .AddJsonSerializerContext(FeedJsonContext.Default)
            .AddSqlStorage(sql =>
            {
                if (settings.PostgresConnectionString is { } postgres)
                {
                    sql.UsePostgres(postgres);
                }
                else
                {
                    sql.UseSqlite($"Data Source={Path.Combine(settings.DataPath, "feed.db")}");
                }

                sql.AddMigrationsFromAssembly(typeof(FeedApp).Assembly);
            })
            .AddAuth()
            .AddAuthMigrations()
            // Events are serialised once when published, then written as they are to every open stream.
            .AddEventHub<SseItem<string>>()
            .Configure(app =>
            {
                var logger = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Feed.Posts");
                app.MapAuthEndpoints("/auth");
                app.MapGet("/api/posts", ListAsync);
                app.MapGet("/api/posts/stream", Stream);
                app.MapGet("/api/posts/{id}", GetAsync);
                app.MapPost("/api/posts", (NewPost post, HttpContext context, IRepository<Post, long> posts, EventHub<SseItem<string>> hub, TimeProvider clock) =>
                    CreateAsync(post, context, posts, hub, clock, logger)).RequireAuthorization();
                app.MapDelete("/api/posts/{id}", (string id, HttpContext context, IRepository<Post, long> posts, EventHub<SseItem<string>> hub) =>
                    DeleteAsync(id, context, posts, hub, logger)).RequireAuthorization();
                app.MapHealthChecks("/health");
                app.MapStaticFiles("/", settings.WebRoot);
            });

        // With several nodes, each node's posts reach the streams of the others through the backplane.
        if (settings.Backplane != FeedBackplane.None)
        {
            if (settings.Backplane == FeedBackplane.Postgres)
            {
                builder.AddPostgresBackplane(settings.PostgresConnectionString!);
            }
            else
            {
                builder.AddRedisBackplane(settings.RedisConnectionString!);
            }

            builder.AddEventHubBackplane<SseItem<string>>(o =>
            {
                o.Channel = FeedEvents.Channel;
                o.Serialize = FeedEvents.Serialize;
                o.Deserialize = FeedEvents.Deserialize;
            });
        }

        // After AddSqlStorage, so the migrations have run when it starts.
        builder.Services.AddHostedService<ModeratorSeeder>();
        return builder;
    }

    private static async Task<IResult> ListAsync(IRepository<Post, long> posts, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var size = limit ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            return Results.BadRequest($"limit must be between 1 and {MaxPageSize}.");
        }

        // Ids grow with every insert, so the id order is the posting order, and the cursor is a keyset cursor on it.
        var query = new StorageQuery().OrderByDescending(nameof(Post.Id)).Take(size);
        if (!string.IsNullOrEmpty(cursor))
        {
            query.StartAfter(cursor);
        }

        var page = await posts.QueryAsync(query, cancellationToken);
        return Results.Ok(new PostPage([.. page.Items.Select(PostView.From)], page.NextCursor));
    }

    private static async Task<IResult> GetAsync(string id, IRepository<Post, long> posts, CancellationToken cancellationToken) =>
        await FindAsync(id, posts, cancellationToken) is { } post ? Results.Ok(PostView.From(post)) : Results.NotFound("There is no such post.");

    // The id is parsed here rather than by a route constraint: a path that is no post id is then a 404 for every
    // method, instead of falling through to the static files' catch-all (which answers other methods with 405).
    private static async ValueTask<Post?> FindAsync(string id, IRepository<Post, long> posts, CancellationToken cancellationToken) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key) ? await posts.GetAsync(key, cancellationToken) : null;

    private static IResult Stream(EventHub<SseItem<string>> hub)
    {
        // Subscribe before the response starts: a client that sees the stream open has missed nothing published after.
        var subscription = hub.Subscribe();
        return RealtimeResults.ServerSentEvents((_, cancellationToken) => ReadAsync(subscription, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<string>> ReadAsync(EventSubscription<SseItem<string>> subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (subscription)
        {
            // Ends when the hub drops a subscriber too slow to keep up; the browser's EventSource reconnects and reloads.
            await foreach (var item in subscription.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
    }

    private static async Task<IResult> CreateAsync(NewPost body, HttpContext context, IRepository<Post, long> posts, EventHub<SseItem<string>> hub, TimeProvider clock, ILogger logger)
    {
        if (PostText.Validate(body.Text, out var text) is { } error)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [error] });
        }

        var post = await posts.InsertAsync(
            new Post
            {
                AuthorId = context.User.FindFirst(ClaimTypes.NameIdentifier)!.Value,
                Author = context.User.FindFirst(ClaimTypes.Name)!.Value,
                Text = text,
                CreatedAt = WholeMicroseconds(clock.GetUtcNow()),
            },
            context.RequestAborted);
        var view = PostView.From(post);
        Log.PostCreated(logger, post.Id, post.AuthorId);
        hub.Publish(new SseItem<string>(JsonSerializer.Serialize(view, FeedJsonContext.Default.PostView), "post"));
        return Results.Created($"/api/posts/{post.Id}", view);
    }

    // PostgreSQL keeps microseconds: the time in the live event is then the time every later read returns.
    private static DateTimeOffset WholeMicroseconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % 10));

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, IRepository<Post, long> posts, EventHub<SseItem<string>> hub, ILogger logger)
    {
        if (await FindAsync(id, posts, context.RequestAborted) is not { } post)
        {
            return Results.NotFound("There is no such post.");
        }

        var userId = context.User.FindFirst(ClaimTypes.NameIdentifier)!.Value;
        var own = string.Equals(post.AuthorId, userId, StringComparison.Ordinal);
        if (!own && !context.User.IsInRole(ModeratorRole))
        {
            Log.DeleteForbidden(logger, post.Id, post.AuthorId, userId);
            return Results.Forbidden("Only the author or a moderator may delete this post.");
        }

        // A post deleted by someone else in the meantime is an EntityNotFoundException, answered 404.
        await posts.DeleteAsync(post.Id, post.Version, context.RequestAborted);
        Log.PostDeleted(logger, post.Id, post.AuthorId, userId, !own);
        hub.Publish(new SseItem<string>(post.Id.ToString(CultureInfo.InvariantCulture), "delete"));
        return Results.NoContent();
    }
}
