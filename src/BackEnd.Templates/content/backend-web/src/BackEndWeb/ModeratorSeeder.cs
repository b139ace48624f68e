using Microsoft.Extensions.Logging;

namespace BackEndWeb;

/// <summary>Creates the moderator named in configuration at start, after the migrations (it is registered after the storage).</summary>
internal sealed class ModeratorSeeder(AuthService auth, AppSettings settings, ILogger<ModeratorSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.ModeratorUserName is not { Length: > 0 } name || settings.ModeratorPassword is not { Length: > 0 } password)
        {
            Log.ModeratorSeeded(logger, settings.ModeratorUserName ?? "(none)", "not configured: set App:ModeratorUserName and App:ModeratorPassword");
            return;
        }

        if (await auth.FindByNameAsync(name, cancellationToken) is { } existing)
        {
            // Never promote an account someone else may have registered under that name.
            if (!existing.RoleList.Contains(WebApp.ModeratorRole, StringComparer.Ordinal))
            {
                throw new InvalidOperationException($"The user '{existing.UserName}' exists and is not a moderator; configure another App:ModeratorUserName.");
            }

            Log.ModeratorSeeded(logger, existing.UserName, "exists");
            return;
        }

        var result = await auth.RegisterAsync(name, password, [WebApp.ModeratorRole], cancellationToken);
        if (!result.Succeeded)
        {
            var errors = string.Join("; ", result.Errors.SelectMany(static e => e.Value));
            Log.ModeratorRefused(logger, name, errors);
            throw new InvalidOperationException($"The moderator '{name}' could not be created: {errors}");
        }

        Log.ModeratorSeeded(logger, result.User!.UserName, "created");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
