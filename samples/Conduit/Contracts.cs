using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Conduit;

// The RealWorld wire format. Request members are nullable and optional, so a missing or null field reaches Validate,
// which names it; the binder answers those errors, and JSON of the wrong shape, with 422 (RouteHandlerOptions.InvalidBodyStatusCode).

/// <summary>The body of <c>POST /api/users</c>.</summary>
public sealed record NewUserRequest(NewUser? User = null) : IValidatableObject
{
    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Api.Blank(false, ("username", User?.Username), ("email", User?.Email), ("password", User?.Password));
}

/// <summary>A registration.</summary>
public sealed record NewUser(string? Username = null, string? Email = null, string? Password = null);

/// <summary>The body of <c>POST /api/users/login</c>.</summary>
public sealed record LoginRequest(LoginUser? User = null) : IValidatableObject
{
    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Api.Blank(false, ("email", User?.Email), ("password", User?.Password));
}

/// <summary>Credentials.</summary>
public sealed record LoginUser(string? Email = null, string? Password = null);

/// <summary>The body of <c>PUT /api/user</c>.</summary>
public sealed record UpdateUserRequest(UpdateUser? User = null) : IValidatableObject
{
    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => User is null ? Api.Blank(false, ("user", null))
        : Api.Blank(true, ("username", User.Username), ("email", User.Email), ("password", User.Password));
}

/// <summary>Changes to the current user; absent or null members stay as they are, an empty bio or image clears it.</summary>
public sealed record UpdateUser(string? Email = null, string? Username = null, string? Password = null, string? Bio = null, string? Image = null);

/// <summary>The current user with a token.</summary>
public sealed record UserResponse(UserDto User);

/// <summary>The current user.</summary>
public sealed record UserDto(string Email, string Token, string Username, string? Bio, string? Image);

/// <summary>A profile.</summary>
public sealed record ProfileResponse(ProfileDto Profile);

/// <summary>A public profile, as seen by the caller.</summary>
public sealed record ProfileDto(string Username, string? Bio, string? Image, bool Following);

/// <summary>The body of <c>POST /api/articles</c>.</summary>
public sealed record NewArticleRequest(NewArticle? Article = null) : IValidatableObject
{
    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Api.Blank(false, ("title", Article?.Title), ("description", Article?.Description), ("body", Article?.Body))
            .Concat(Article?.TagList?.Any(t => string.IsNullOrWhiteSpace(t) || t.Any(char.IsControl)) == true
                ? [new ValidationResult("must not hold blank tags or control characters", ["tagList"])] : []);
}

/// <summary>A new article.</summary>
public sealed record NewArticle(string? Title = null, string? Description = null, string? Body = null, string?[]? TagList = null);

/// <summary>The body of <c>PUT /api/articles/{slug}</c>.</summary>
public sealed record UpdateArticleRequest(UpdateArticle? Article = null) : IValidatableObject
{
    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Article is null ? Api.Blank(false, ("article", null))
        : Api.Blank(true, ("title", Article.Title), ("description", Article.Description), ("body", Article.Body));
}

/// <summary>Changes to an article; absent members stay as they are.</summary>
public sealed record UpdateArticle(string? Title = null, string? Description = null, string? Body = null);

/// <summary>One article.</summary>
public sealed record ArticleResponse(ArticleDto Article);

/// <summary>A page of articles and the number of articles matching the filters.</summary>
public sealed record ArticlesResponse(IReadOnlyList<ArticleDto> Articles, int ArticlesCount);

/// <summary>An article as seen by the caller; lists leave out the body, as the specification's list schema does.</summary>
public sealed record ArticleDto(
    string Slug,
    string Title,
    string Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Body,
    IReadOnlyList<string> TagList,
    [property: JsonConverter(typeof(InstantConverter))] DateTimeOffset CreatedAt,
    [property: JsonConverter(typeof(InstantConverter))] DateTimeOffset UpdatedAt,
    bool Favorited,
    int FavoritesCount,
    ProfileDto Author);

/// <summary>The body of <c>POST /api/articles/{slug}/comments</c>.</summary>
public sealed record NewCommentRequest(NewComment? Comment = null) : IValidatableObject
{
    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Api.Blank(false, ("body", Comment?.Body));
}

/// <summary>A new comment.</summary>
public sealed record NewComment(string? Body = null);

/// <summary>One comment.</summary>
public sealed record CommentResponse(CommentDto Comment);

/// <summary>An article's comments, oldest first.</summary>
public sealed record CommentsResponse(IReadOnlyList<CommentDto> Comments);

/// <summary>A comment.</summary>
public sealed record CommentDto(
    long Id,
    [property: JsonConverter(typeof(InstantConverter))] DateTimeOffset CreatedAt,
    [property: JsonConverter(typeof(InstantConverter))] DateTimeOffset UpdatedAt,
    string Body,
    ProfileDto Author);

/// <summary>Every tag in use.</summary>
public sealed record TagsResponse(IReadOnlyList<string> Tags);

/// <summary>The 422 body: messages per field.</summary>
public sealed record ErrorsResponse(IReadOnlyDictionary<string, string[]> Errors);
