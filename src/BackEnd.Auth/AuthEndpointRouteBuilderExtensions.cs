using System.Diagnostics.CodeAnalysis;
using BackEnd.Auth.Internal;
using BackEnd.Routing;

namespace BackEnd.Auth;

/// <summary>Maps the JSON auth endpoints.</summary>
public static class AuthEndpointRouteBuilderExtensions
{
    private const string TrimmingMessage = "The auth endpoints bind their JSON bodies with the reflection-based handler binder.";

    /// <summary>
    /// Maps <c>POST register</c> (201, 409, 400), <c>POST login</c> (200 with a session cookie, or <c>{"token": true}</c> for a
    /// bearer token; 401; 429 with <c>Retry-After</c>), <c>POST logout</c> (204), <c>GET me</c> (200 or 401),
    /// <c>POST change-password</c> (204; other sessions and tokens revoked) and <c>GET csrf</c> under a prefix.
    /// </summary>
    /// <param name="routes">The application or a group.</param>
    /// <param name="prefix">The prefix, such as <c>/auth</c> or <c>/api/users</c>.</param>
    /// <param name="endpoints">Which endpoints to map.</param>
    /// <returns>The group, to add conventions.</returns>
    [RequiresUnreferencedCode(TrimmingMessage)]
    [RequiresDynamicCode(TrimmingMessage)]
    public static RouteGroupBuilder MapAuthEndpoints(this IEndpointRouteBuilder routes, string prefix = "/auth", AuthEndpoints endpoints = AuthEndpoints.All)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(prefix);
        var handlers = new AuthEndpointHandlers(routes.ServiceProvider);
        var group = routes.MapGroup(prefix);
        if (endpoints.HasFlag(AuthEndpoints.Register))
        {
            group.MapPost("/register", (Func<CredentialsRequest, Http.HttpContext, Task<Http.IResult>>)handlers.RegisterAsync).AllowAnonymous()
                .WithMetadata(CsrfExemptMetadata.Instance, AuthEndpointHandlers.RegisterLimit);
        }

        if (endpoints.HasFlag(AuthEndpoints.Login))
        {
            group.MapPost("/login", (Func<CredentialsRequest, Http.HttpContext, Task<Http.IResult>>)handlers.LoginAsync).AllowAnonymous()
                .WithMetadata(CsrfExemptMetadata.Instance, AuthEndpointHandlers.LoginLimit);
        }

        if (endpoints.HasFlag(AuthEndpoints.Logout))
        {
            group.MapPost("/logout", (Func<Http.HttpContext, Task<Http.IResult>>)handlers.LogoutAsync).AllowAnonymous();
        }

        if (endpoints.HasFlag(AuthEndpoints.Me))
        {
            group.MapGet("/me", (Func<Http.HttpContext, Http.IResult>)AuthEndpointHandlers.Me).RequireAuthorization();
        }

        if (endpoints.HasFlag(AuthEndpoints.ChangePassword))
        {
            group.MapPost("/change-password", (Func<ChangePasswordRequest, Http.HttpContext, Task<Http.IResult>>)handlers.ChangePasswordAsync).RequireAuthorization();
        }

        if (endpoints.HasFlag(AuthEndpoints.Csrf))
        {
            group.MapGet("/csrf", (Func<Http.HttpContext, Http.IResult>)AuthEndpointHandlers.Csrf).RequireAuthorization();
        }

        return group;
    }
}
