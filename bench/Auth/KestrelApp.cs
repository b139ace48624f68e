using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackEnd.Bench.Auth;

/// <summary>
/// The peer: a Kestrel minimal-API app doing what BackEnd.Auth does per request for a bearer token (SHA-256 of the token,
/// look-up, expiry, a principal, RequireAuthorization), through ASP.NET Core's own authentication and authorization, and
/// signing in with ASP.NET Core Identity's PasswordHasher (PBKDF2-HMAC-SHA512, 100,000 iterations).
/// </summary>
internal static class KestrelApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TokenStore>();
        builder.Services.AddSingleton<IPasswordHasher<string>, PasswordHasher<string>>();
        builder.Services.AddAuthentication("Bearer").AddScheme<AuthenticationSchemeOptions, TokenHandler>("Bearer", null);
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/plaintext", () => Results.Text("Hello, World!", "text/plain"));
        app.MapGet("/secure", (ClaimsPrincipal user) => Results.Text("Hello, " + user.Identity!.Name, "text/plain")).RequireAuthorization();
        app.MapPost("/auth/register", async (HttpContext context, TokenStore store, IPasswordHasher<string> hasher) =>
        {
            var body = await context.Request.ReadFromJsonAsync(BenchJsonContext.Default.Credentials).ConfigureAwait(false);
            if (body?.UserName is not { Length: > 0 } name || body.Password is not { Length: >= 8 } password)
            {
                return Results.BadRequest();
            }

            return store.Users.TryAdd(name.ToUpperInvariant(), hasher.HashPassword(name, password)) ? Results.Created() : Results.Conflict();
        });
        app.MapPost("/auth/login", async (HttpContext context, TokenStore store, IPasswordHasher<string> hasher) =>
        {
            var body = await context.Request.ReadFromJsonAsync(BenchJsonContext.Default.Credentials).ConfigureAwait(false);
            if (body?.UserName is not { } name || body.Password is not { } password
                || !store.Users.TryGetValue(name.ToUpperInvariant(), out var hash)
                || hasher.VerifyHashedPassword(name, hash, password) == PasswordVerificationResult.Failed)
            {
                return Results.Problem(statusCode: 401);
            }

            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var expiresAt = DateTimeOffset.UtcNow.AddDays(30);
            store.Tokens[TokenStore.Hash(token)] = new TokenEntry(name, expiresAt);
            return Results.Json(new TokenResponse(token, expiresAt), BenchJsonContext.Default.TokenResponse);
        });
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    internal sealed class TokenStore
    {
        public ConcurrentDictionary<string, string> Users { get; } = new();

        public ConcurrentDictionary<string, TokenEntry> Tokens { get; } = new();

        public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    internal sealed record TokenEntry(string UserName, DateTimeOffset ExpiresAt);

    internal sealed class TokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenStore store)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            if (!store.Tokens.TryGetValue(TokenStore.Hash(header[7..].Trim()), out var entry) || entry.ExpiresAt <= DateTimeOffset.UtcNow)
            {
                return Task.FromResult(AuthenticateResult.Fail("Invalid token."));
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, entry.UserName), new Claim(ClaimTypes.NameIdentifier, entry.UserName)], Scheme.Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = 401;
            Response.Headers.WWWAuthenticate = "Bearer";
            return Task.CompletedTask;
        }
    }
}
