using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Shop;

/// <summary>
/// At start, after the migrations (which create the tables and the first products): opens the document and key/value
/// stores, so a wrong engine stops the start rather than the first request, and seeds the admin from configuration.
/// </summary>
internal sealed partial class ShopSeeder(IServiceProvider services, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<IDocumentStore>();
        _ = services.GetRequiredService<IKeyValueStore>();
        var logger = services.GetRequiredService<ILogger<ShopSeeder>>();
        var password = configuration["Shop:AdminPassword"];
        var userName = configuration["Shop:AdminUserName"] is { Length: > 0 } name ? name : "admin";
        if (string.IsNullOrEmpty(password))
        {
            LogNoAdmin(logger);
            return;
        }

        var auth = services.GetRequiredService<AuthService>();
        if (await EnsureAdminRoleAsync(auth, userName, logger, cancellationToken))
        {
            return;
        }

        var result = await auth.RegisterAsync(userName, password, [ShopUser.AdminRole], cancellationToken);
        if (result.Succeeded)
        {
            LogAdminCreated(logger, userName);
            return;
        }

        // Several nodes starting together on one database all find no admin and all register it: the one whose insert
        // loses the race gets "name taken", and the admin another node just created counts as seeded.
        if (result.NameTaken && await EnsureAdminRoleAsync(auth, userName, logger, cancellationToken))
        {
            LogAdminCreatedElsewhere(logger, userName);
            return;
        }

        var errors = string.Join("; ", result.Errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}")));
        throw new InvalidOperationException($"The admin '{userName}' from Shop:AdminUserName/Shop:AdminPassword cannot be created: {errors}");
    }

    /// <summary>When the user exists, gives it the admin role if it lacks it (the password stays as the admin last set it) and returns true.</summary>
    private static async Task<bool> EnsureAdminRoleAsync(AuthService auth, string userName, ILogger logger, CancellationToken cancellationToken)
    {
        if (await auth.FindByNameAsync(userName, cancellationToken) is not { } existing)
        {
            return false;
        }

        if (!existing.RoleList.Contains(ShopUser.AdminRole))
        {
            await auth.SetRolesAsync(userName, [.. existing.RoleList, ShopUser.AdminRole], cancellationToken);
            LogAdminPromoted(logger, userName);
        }

        return true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "No admin configured: set Shop:AdminPassword (and optionally Shop:AdminUserName) to edit the catalog")]
    private static partial void LogNoAdmin(ILogger logger);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Admin {UserName} created from configuration")]
    private static partial void LogAdminCreated(ILogger logger, string userName);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "User {UserName} given the admin role from configuration")]
    private static partial void LogAdminPromoted(ILogger logger, string userName);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Admin {UserName} was created by another node starting at the same time")]
    private static partial void LogAdminCreatedElsewhere(ILogger logger, string userName);
}
