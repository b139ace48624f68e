using Microsoft.Extensions.Options;

namespace BackEnd.Pipeline.Cors.Internal;

internal sealed class CorsOptionsValidator : IValidateOptions<CorsOptions>
{
    public ValidateOptionsResult Validate(string? name, CorsOptions options)
    {
        var failures = new List<string>();
        if (options.AllowAnyOrigin && options.AllowCredentials)
        {
            failures.Add("CORS cannot allow any origin ('*') together with credentials; list the allowed origins instead.");
        }

        foreach (var origin in options.AllowedOrigins)
        {
            if (origin == "*")
            {
                failures.Add("Use AllowAnyOrigin instead of '*' in AllowedOrigins.");
            }
            else if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || origin.EndsWith('/') || !string.IsNullOrEmpty(uri.Query))
            {
                failures.Add($"The CORS origin '{origin}' must be a scheme, host and optional port, such as 'https://app.example.com'.");
            }
        }

        if (options.PreflightMaxAge < TimeSpan.Zero)
        {
            failures.Add("The CORS PreflightMaxAge cannot be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
