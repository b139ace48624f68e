namespace BackEnd.Auth.Internal;

/// <summary>
/// Marks register and login: they act on the credentials in the body, not on the session the cookie proves, so a
/// signed-in browser may sign in again (and get a new session id) without an anti-forgery token.
/// </summary>
internal sealed class CsrfExemptMetadata
{
    public static readonly CsrfExemptMetadata Instance = new();
}
