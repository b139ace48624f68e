using System;
using System.Globalization;
using System.Security.Claims;
using System.Threading.Tasks;
using BackEnd.Auth;
using BackEnd.Hosting;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Storage.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackEnd.Bench.Auth;

/// <summary>BackEnd.Auth as an application uses it: in-memory users, sessions and tokens, the auth endpoints, one protected route.</summary>
internal static class BackEndApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.ClearProviders();
        var cost = int.Parse(builder.Configuration["cost"] ?? "12", CultureInfo.InvariantCulture);

        // "--auth off" serves the same /plaintext without AddAuth, so run.sh can price the auth middleware on an anonymous route;
        // "--limits default" keeps the shipped sign-in rate limit and lockout, which is what a wrong-password flood meets.
        var auth = !string.Equals(builder.Configuration["auth"], "off", StringComparison.OrdinalIgnoreCase);
        var defaultLimits = string.Equals(builder.Configuration["limits"], "default", StringComparison.OrdinalIgnoreCase);

        // "--refusal-delay-ms 0" answers refusals at once (the behaviour before the hold); "--close-on-refusal true" closes after each.
        var refusalDelay = builder.Configuration["refusal-delay-ms"] is { } ms ? TimeSpan.FromMilliseconds(int.Parse(ms, CultureInfo.InvariantCulture)) : (TimeSpan?)null;
        var closeOnRefusal = string.Equals(builder.Configuration["close-on-refusal"], "true", StringComparison.OrdinalIgnoreCase);
        var backEnd = builder.Services.AddBackEnd(_ => { }).AddInMemoryStorage();
        if (!auth)
        {
            backEnd.Configure(app =>
            {
                app.MapGet("/plaintext", () => "Hello, World!");
                MapStats(app);
            });
            await builder.Build().RunAsync().ConfigureAwait(false);
            return 0;
        }

        backEnd
            .AddAuth(o =>
            {
                o.Passwords.BCryptWorkFactor = cost;
                o.RefusalDelay = refusalDelay ?? o.RefusalDelay;
                o.CloseConnectionOnRefusal = closeOnRefusal;
                if (!defaultLimits)
                {
                    // The bench signs in far more often than a person would; limits and lockout would stop it.
                    o.LoginPermitsPerMinute = 0;
                    o.RegisterPermitsPerMinute = 0;
                    o.LockoutThreshold = int.MaxValue;
                }
            })
            .Configure(app =>
            {
                app.MapGet("/plaintext", () => "Hello, World!");

                MapStats(app);
                app.MapGet("/secure", (ClaimsPrincipal user) => "Hello, " + user.Identity!.Name).RequireAuthorization();
                app.MapAuthEndpoints();
            });
        await builder.Build().RunAsync().ConfigureAwait(false);
        return 0;
    }

    // run.sh reads the process's allocations and collections around each flood probe and middleware round (on both servers
    // of the on/off comparison, so both have the same routes); one short line, no JSON.
    private static void MapStats(IEndpointRouteBuilder app) =>
        app.MapGet("/stats", () => string.Create(CultureInfo.InvariantCulture,
            $"{GC.GetTotalAllocatedBytes(false)} {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)}"));
}
