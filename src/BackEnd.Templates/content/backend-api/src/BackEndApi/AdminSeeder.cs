using Microsoft.Extensions.Logging;

namespace BackEndApi;

/// <summary>The administrator from configuration (<c>App:AdminUserName</c>, <c>App:AdminPassword</c>); nothing else is seeded.</summary>
/// <param name="UserName">The user name, or <see langword="null"/> for none.</param>
/// <param name="Password">The password.</param>
internal sealed record AdminAccount(string? UserName, string? Password);

/// <summary>Creates the configured administrator at start when missing.</summary>
internal sealed partial class AdminSeeder(AuthService auth, AdminAccount account, ILogger<AdminSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (account.UserName is not { Length: > 0 } name || account.Password is not { Length: > 0 } password)
        {
            return;
        }

        if (await auth.FindByNameAsync(name, cancellationToken) is { } existing)
        {
            // Never promote an account someone else may have registered under that name.
            if (!existing.RoleList.Contains(ApiApp.AdminRole))
            {
                throw new InvalidOperationException($"The user '{existing.UserName}' exists and is not an administrator; configure another App:AdminUserName.");
            }

            return;
        }

        var result = await auth.RegisterAsync(name, password, [ApiApp.AdminRole], cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The administrator '{name}' could not be created: {string.Join("; ", result.Errors.SelectMany(static e => e.Value))}");
        }

        LogCreated(logger, name);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Administrator {UserName} created")]
    private static partial void LogCreated(ILogger logger, string userName);
}
