using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Conduit;

/// <summary>Articles, favourites, comments and tags. A list is one query whatever its length: the page with counts, favourites
/// and follows as subqueries, and the filter's total as an uncorrelated subquery the engine runs once.</summary>
internal sealed partial class ArticlesApi
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    // Joins an article's tags in its tag_list column; tags cannot contain it (control characters are refused).
    private const string Separator = "\u001f";

    // tag_list holds the sorted tags (they never change after creation), so reads aggregate nothing per row.
    private const string Columns = """
        a.id, a.slug, a.title, a.description, a.created_at, a.updated_at, a.author_id, a.tag_list AS tags, u.username, u.bio, u.image, a.favorites_count,
        """;

    // The caller's relations: two index probes per row when signed in, constants for an anonymous caller (no probe can match).
    private const string FavoritedSql = "EXISTS (SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = @me)";
    private const string FollowingSql = "EXISTS (SELECT 1 FROM follows w WHERE w.follower_id = @me AND w.followee_id = a.author_id)";
    private const string Relations = $"{FavoritedSql} AS favorited, {FollowingSql} AS following FROM articles a JOIN users u ON u.id = a.author_id";

    private const string NoRelations = "FALSE AS favorited, FALSE AS following FROM articles a JOIN users u ON u.id = a.author_id";

    private const string OneSql = "SELECT 1 AS total, a.body, " + Columns + Relations + " WHERE a.slug = @slug";

    // Every article has its author (a foreign key), so only the author filter, which names u, needs the join.
    private const string CountSql = "SELECT COUNT(*) FROM articles a";
    private const string CountByAuthorSql = CountSql + " JOIN users u ON u.id = a.author_id";
    private const string CommentSql = """
        SELECT c.id, c.body, c.created_at, c.updated_at, c.author_id, u.username, u.bio, u.image,
               EXISTS (SELECT 1 FROM follows w WHERE w.follower_id = @me AND w.followee_id = c.author_id) AS following
        FROM comments c JOIN users u ON u.id = c.author_id WHERE
        """;

    // The filters of a list, bit i of a page's shape selecting Filters[i]: tag, author, favorited, feed.
    private static readonly string[] Filters =
    [
        "a.id IN (SELECT t.article_id FROM article_tags t WHERE t.tag = @tag)",
        "u.username = @author",
        "a.id IN (SELECT f.article_id FROM favorites f JOIN users fu ON fu.id = f.user_id WHERE fu.username = @favorited)",
        "a.author_id IN (SELECT w.followee_id FROM follows w WHERE w.follower_id = @me)",
    ];

    // On SQLite the page is written as JSON by the database: one text value instead of 16 columns read and mapped per article.
    // Each article is its stored head_json (its members up to updatedAt, rendered when written: migration 0004), the viewer's
    // favorited, the counter column, the author's stored profile_json and following, joined by group_concat in the page's
    // order: quoting and cutting every value on every read was ~60 % of the statement's instructions.
    private static readonly CompositeFormat JsonPage = CompositeFormat.Parse("""
        SELECT '{{"articles":[' || coalesce((SELECT group_concat(p.head_json || ',"favorited":' || CASE WHEN p.favorited THEN 'true' ELSE 'false' END
               || ',"favoritesCount":' || p.favorites_count || ',"author":' || p.profile_json || ',"following":' || CASE WHEN p.following THEN 'true' ELSE 'false' END || '}}}}', ',')
            FROM (SELECT a.head_json, a.favorites_count, u.profile_json, {0}
                  {1} ORDER BY a.id DESC LIMIT @limit + 0 OFFSET @offset + 0) p), '') || '],"articlesCount":' || ({2}{1}) || '}}'
        """);

    private static readonly string?[] JsonPageSql = new string?[1 << 5];

    // A page's SQL per shape (the filters' bits, bit 4 for a signed-in caller), built on first use (a benign race builds the
    // same text twice).
    private static readonly string?[] PageSql = new string?[1 << 5];

    // GET /api/tags answers from memory. This node's article writes drop the copy at once; another node's writes show within
    // TagsLifetime, since nothing tells this node about them.
    private static readonly TimeSpan TagsLifetime = TimeSpan.FromSeconds(1);

    private readonly ILogger<ArticlesApi> _logger;
    private readonly TimeProvider _clock;
    private TagsCopy? _tags;
    private long _tagsVersion;

    private ArticlesApi(ILogger<ArticlesApi> logger, TimeProvider clock)
    {
        _logger = logger;
        _clock = clock;
    }

    public static void Map(IEndpointRouteBuilder api)
    {
        var services = api.ServiceProvider;
        var articles = new ArticlesApi(services.GetRequiredService<ILogger<ArticlesApi>>(), services.GetService<TimeProvider>() ?? TimeProvider.System);
        api.MapGet("/articles", ListAsync).WithOperationId("GetArticles");
        api.MapGet("/articles/feed", FeedAsync).RequireAuthorization().WithOperationId("GetArticlesFeed");
        api.MapPost("/articles", articles.CreateAsync).RequireAuthorization().WithOperationId("CreateArticle");
        api.MapGet("/articles/{slug}", GetAsync).WithOperationId("GetArticle");
        api.MapPut("/articles/{slug}", articles.UpdateAsync).RequireAuthorization().WithOperationId("UpdateArticle");
        api.MapDelete("/articles/{slug}", articles.DeleteAsync).RequireAuthorization().WithOperationId("DeleteArticle");
        api.MapPost("/articles/{slug}/favorite", (string slug, ClaimsPrincipal user, ISqlDatabase db, CancellationToken ct) =>
            FavoriteAsync(slug, user, db, favorite: true, ct)).RequireAuthorization().WithOperationId("CreateArticleFavorite");
        api.MapDelete("/articles/{slug}/favorite", (string slug, ClaimsPrincipal user, ISqlDatabase db, CancellationToken ct) =>
            FavoriteAsync(slug, user, db, favorite: false, ct)).RequireAuthorization().WithOperationId("DeleteArticleFavorite");
        api.MapGet("/articles/{slug}/comments", CommentsAsync).WithOperationId("GetArticleComments");
        api.MapPost("/articles/{slug}/comments", articles.CommentAsync).RequireAuthorization().WithOperationId("CreateArticleComment");
        api.MapDelete("/articles/{slug}/comments/{id}", articles.DeleteCommentAsync).RequireAuthorization().WithOperationId("DeleteArticleComment");
        api.MapGet("/tags", articles.TagsAsync).WithOperationId("GetTags");
    }

    private static Task<IResult> ListAsync(
        string? tag, string? author, string? favorited, string? limit, string? offset, ClaimsPrincipal user, ISqlDatabase db, CancellationToken ct) =>
        PageAsync(db, (tag is null ? 0 : 1) | (author is null ? 0 : 2) | (favorited is null ? 0 : 4), Api.Me(user), tag, author, favorited, limit, offset, ct);

    private static Task<IResult> FeedAsync(string? limit, string? offset, ClaimsPrincipal user, ISqlDatabase db, CancellationToken ct) =>
        PageAsync(db, 8, Api.Me(user), null, null, null, limit, offset, ct);

    private static async Task<IResult> PageAsync(
        ISqlDatabase db, int shape, string me, string? tag, string? author, string? favorited, string? limit, string? offset, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var take = DefaultLimit;
        var skip = 0;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"must be an integer from 1 to {MaxLimit}"];
        }

        if (offset is not null && !int.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out skip))
        {
            errors["offset"] = ["must be an integer from 0"];
        }

        if (errors.Count > 0)
        {
            return Api.Invalid(errors);
        }

        // Parameters a shape's filters do not use are bound and ignored. LIMIT and OFFSET are expressions, not bare parameters:
        // SQLite (3.45 and later) plans a bare bound LIMIT by its value, so each new binding would parse the statement again.
        var args = new { me, tag, author, favorited, limit = take, offset = skip };
        var signedIn = me.Length > 0;
        if (db.Database == SqlDatabaseKind.Sqlite)
        {
            var page = await db.ExecuteScalarAsync<string>(JsonPageSql[shape | (signedIn ? 16 : 0)] ??= JsonPageOf(shape, signedIn), args, ct);
            return Results.Text(page!, "application/json; charset=utf-8");
        }

        var rows = await db.QueryAsync<ArticleRow>(
            PageSql[shape | (signedIn ? 16 : 0)] ??= $"SELECT ({Count(shape)}{Where(shape)}) AS total, NULL AS body, {Columns}{(signedIn ? Relations : NoRelations)}{Where(shape)} ORDER BY a.id DESC LIMIT @limit + 0 OFFSET @offset + 0",
            args,
            ct);

        // The total comes with the rows; only a page past the end needs its own count.
        var total = rows.Count > 0 ? rows[0].Total : skip == 0 ? 0 : await db.ExecuteScalarAsync<long>(Count(shape) + Where(shape), args, ct);
        return Results.Ok(new ArticlesResponse(rows.Select(ToDto).ToList(), (int)total));
    }

    // The page and its total as the response body; json_group_array keeps the subquery's order.
    private static string JsonPageOf(int shape, bool signedIn) =>
        string.Format(CultureInfo.InvariantCulture, JsonPage, signedIn ? Relations : NoRelations, Where(shape), Count(shape));

    private static string Count(int shape) => (shape & 2) != 0 ? CountByAuthorSql : CountSql;

    private static string Where(int shape) =>
        shape == 0 ? "" : " WHERE " + string.Join(" AND ", Filters.Where((_, i) => (shape & (1 << i)) != 0));

    private static async Task<IResult> GetAsync(string slug, ClaimsPrincipal user, ISqlDatabase db, CancellationToken ct) =>
        await FindAsync(db, Api.Me(user), slug, ct) is { } row ? One(row, 200) : Results.NotFound();

    // The binder answers 422 for a blank field or tag (NewArticleRequest.Validate), so the request here is complete.
    private async Task<IResult> CreateAsync(NewArticleRequest request, ClaimsPrincipal user, ISqlDatabase db, CancellationToken ct)
    {
        var article = request.Article!;
        var tags = (article.TagList ?? []).Select(t => t!.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var tagList = tags.Count > 0 ? string.Join(Separator, tags) : null;
        var me = Api.Me(user);
        var now = Now();
        var baseSlug = Slugs.From(article.Title!.Trim());
        for (var attempt = 1; ; attempt++)
        {
            var slug = await Slugs.FreeAsync(db, baseSlug, ct);
            var headJson = Rendered.Head(new ArticleDto(slug, article.Title.Trim(), article.Description!, null, tags, now, now, false, 0, Rendered.Nobody));
            await using var transaction = await db.BeginTransactionAsync(ct);
            long id;
            try
            {
                id = await transaction.ExecuteScalarAsync<long>(
                    "INSERT INTO articles (slug, title, description, body, author_id, created_at, updated_at, tag_list, head_json) VALUES (@slug, @title, @description, @body, @me, @now, @now, @tagList, @headJson) RETURNING id",
                    new { slug, title = article.Title.Trim(), description = article.Description, body = article.Body, me, now, tagList, headJson }, ct);
            }
            catch (DuplicateKeyException) when (attempt < 5)
            {
                continue; // another request took this slug since FreeAsync looked; the rollback is the dispose
            }

            foreach (var tag in tags)
            {
                await transaction.ExecuteAsync("INSERT INTO article_tags (article_id, tag) VALUES (@id, @tag)", new { id, tag }, ct);
            }

            await transaction.CommitAsync(ct);
            TagsChanged();
            LogCreated(_logger, slug, me);
            return One((await FindAsync(db, me, slug, ct))!, 201);
        }
    }

    private async Task<IResult> UpdateAsync(
        string slug, UpdateArticleRequest request, ClaimsPrincipal user, IAuthorizationService authorization, ISqlDatabase db, CancellationToken ct)
    {
        var (found, denied) = await FindOwnAsync(db, authorization, user, slug, ct);
        if (denied is not null)
        {
            return denied;
        }

        // The slug stays as it was when the title changes, so links already shared keep working.
        var change = request.Article!;
        var row = found! with { Title = change.Title?.Trim() ?? found.Title, Description = change.Description ?? found.Description, Body = change.Body ?? found.Body, UpdatedAt = Now() };
        await db.ExecuteAsync(
            "UPDATE articles SET title = @Title, description = @Description, body = @Body, updated_at = @UpdatedAt, head_json = @headJson WHERE id = @Id",
            new { row.Id, row.Title, row.Description, row.Body, row.UpdatedAt, headJson = Rendered.Head(ToDto(row)) }, ct);
        return One(row, 200);
    }

    private async Task<IResult> DeleteAsync(string slug, ClaimsPrincipal user, IAuthorizationService authorization, ISqlDatabase db, CancellationToken ct)
    {
        var (row, denied) = await FindOwnAsync(db, authorization, user, slug, ct);
        if (denied is not null)
        {
            return denied;
        }

        await db.ExecuteAsync("DELETE FROM articles WHERE id = @Id", new { row!.Id }, ct);
        TagsChanged();
        LogDeleted(_logger, slug, row.AuthorId);
        return Results.NoContent();
    }

    private static async Task<IResult> FavoriteAsync(string slug, ClaimsPrincipal user, ISqlDatabase db, bool favorite, CancellationToken ct)
    {
        var me = Api.Me(user);
        if (await db.QueryFirstOrDefaultAsync<long?>("SELECT id FROM articles WHERE slug = @slug", new { slug }, ct) is not { } id)
        {
            return Results.NotFound();
        }

        await db.ExecuteAsync(
            favorite
                ? "INSERT INTO favorites (user_id, article_id) VALUES (@me, @id) ON CONFLICT DO NOTHING"
                : "DELETE FROM favorites WHERE user_id = @me AND article_id = @id",
            new { me, id }, ct);
        return await FindAsync(db, me, slug, ct) is { } row ? One(row, 200) : Results.NotFound();
    }

    private static async Task<IResult> CommentsAsync(string slug, ClaimsPrincipal user, ISqlDatabase db, CancellationToken ct)
    {
        if (await db.QueryFirstOrDefaultAsync<long?>("SELECT id FROM articles WHERE slug = @slug", new { slug }, ct) is not { } id)
        {
            return Results.NotFound();
        }

        var rows = await db.QueryAsync<CommentRow>(CommentSql + " c.article_id = @id ORDER BY c.id", new { me = Api.Me(user), id }, ct);
        return Results.Ok(new CommentsResponse(rows.Select(c => c.ToDto()).ToList()));
    }

    private async Task<IResult> CommentAsync(string slug, NewCommentRequest request, ClaimsPrincipal user, ISqlDatabase db, CancellationToken ct)
    {
        if (await db.QueryFirstOrDefaultAsync<long?>("SELECT id FROM articles WHERE slug = @slug", new { slug }, ct) is not { } articleId)
        {
            return Results.NotFound();
        }

        var me = Api.Me(user);
        var now = Now();
        var id = await db.ExecuteScalarAsync<long>(
            "INSERT INTO comments (article_id, author_id, body, created_at, updated_at) VALUES (@articleId, @me, @body, @now, @now) RETURNING id",
            new { articleId, me, body = request.Comment!.Body, now }, ct);
        var row = await db.QuerySingleAsync<CommentRow>(CommentSql + " c.id = @id", new { me, id }, ct);
        return Results.Ok(new CommentResponse(row.ToDto()));
    }

    private async Task<IResult> DeleteCommentAsync(
        string slug, string id, ClaimsPrincipal user, IAuthorizationService authorization, ISqlDatabase db, CancellationToken ct)
    {
        var me = Api.Me(user);
        var comment = !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var commentId) ? null
            : await db.QueryFirstOrDefaultAsync<CommentRow>(
                CommentSql + " c.id = @commentId AND c.article_id = (SELECT a.id FROM articles a WHERE a.slug = @slug)", new { me, commentId, slug }, ct);
        if (comment is null)
        {
            return Results.NotFound();
        }

        if (!(await authorization.AuthorizeAsync(user, comment, ConduitApp.AuthorPolicy, ct)).Succeeded)
        {
            return Results.Forbidden("Only the comment's author may delete it.");
        }

        await db.ExecuteAsync("DELETE FROM comments WHERE id = @commentId", new { commentId }, ct);
        LogCommentDeleted(_logger, commentId, slug, me);
        return Results.NoContent();
    }

    private async Task<IResult> TagsAsync(ISqlDatabase db, CancellationToken ct)
    {
        var version = Interlocked.Read(ref _tagsVersion);
        if (Volatile.Read(ref _tags) is { } copy && copy.Version == version && _clock.GetElapsedTime(copy.ReadAt) < TagsLifetime)
        {
            return Results.Ok(copy.Tags);
        }

        // The version is taken before the read: a write committed after it makes this copy unused, never stale.
        var readAt = _clock.GetTimestamp();
        var tags = new TagsResponse(await db.QueryAsync<string>("SELECT DISTINCT tag FROM article_tags ORDER BY tag", null, ct));
        Volatile.Write(ref _tags, new TagsCopy(tags, version, readAt));
        return Results.Ok(tags);
    }

    private void TagsChanged() => Interlocked.Increment(ref _tagsVersion);

    private static ValueTask<ArticleRow?> FindAsync(ISqlExecutor db, string me, string slug, CancellationToken ct) =>
        db.QueryFirstOrDefaultAsync<ArticleRow>(OneSql, new { me, slug }, ct);

    /// <summary>The article when the caller wrote it; otherwise the 404 or 403 to answer.</summary>
    private static async Task<(ArticleRow? Row, IResult? Denied)> FindOwnAsync(
        ISqlExecutor db, IAuthorizationService authorization, ClaimsPrincipal user, string slug, CancellationToken ct)
    {
        if (await FindAsync(db, Api.Me(user), slug, ct) is not { } row)
        {
            return (null, Results.NotFound());
        }

        return (await authorization.AuthorizeAsync(user, row, ConduitApp.AuthorPolicy, ct)).Succeeded
            ? (row, null)
            : (row, Results.Forbidden("Only the article's author may change it."));
    }

    private static IResult One(ArticleRow row, int status) => Results.Json(new ArticleResponse(ToDto(row)), statusCode: status);

    private static ArticleDto ToDto(ArticleRow r) => new(
        r.Slug, r.Title, r.Description, r.Body, r.Tags?.Split(Separator) ?? [], r.CreatedAt, r.UpdatedAt, r.Favorited, (int)r.FavoritesCount,
        new ProfileDto(r.Username, r.Bio, r.Image, r.Following));

    // Milliseconds are what the API shows; storing more would make a written value differ from the one read back.
    private DateTimeOffset Now()
    {
        var now = _clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Article {Slug} created by {AccountId}")]
    private static partial void LogCreated(ILogger logger, string slug, string accountId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Article {Slug} of {AccountId} deleted")]
    private static partial void LogDeleted(ILogger logger, string slug, string accountId);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Comment {CommentId} on {Slug} deleted by {AccountId}")]
    private static partial void LogCommentDeleted(ILogger logger, long commentId, string slug, string accountId);

    private sealed record TagsCopy(TagsResponse Tags, long Version, long ReadAt);
}
