namespace BackEnd.Auth.Internal;

/// <summary>What the middleware found for the request: the user and the session or token that proved it.</summary>
internal sealed class AuthenticationState(AuthUser user, AuthSession? session, string? rawSessionId, AuthToken? token)
{
    public static readonly object Key = new();

    public AuthUser User { get; } = user;

    public AuthSession? Session { get; } = session;

    public string? RawSessionId { get; } = rawSessionId;

    public AuthToken? Token { get; } = token;
}
