using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackEnd.Server.Internal;

/// <summary>
/// Binds <see cref="BackEndServerOptions"/> from the <c>BackEnd:Server</c> section by hand: trimming- and AOT-safe,
/// and a malformed value names its key instead of being skipped.
/// </summary>
internal sealed class BackEndServerOptionsSetup(IServiceProvider services) : IConfigureOptions<BackEndServerOptions>
{
    public void Configure(BackEndServerOptions options)
    {
        if (services.GetService<IConfiguration>() is not { } configuration)
        {
            return;
        }

        var section = configuration.GetSection(BackEndServerDefaults.ConfigurationSection);
        options.Urls = section[nameof(options.Urls)] ?? options.Urls;
        options.MaxRequestLineSize = Int(section, nameof(options.MaxRequestLineSize)) ?? options.MaxRequestLineSize;
        options.MaxRequestHeadersTotalSize = Int(section, nameof(options.MaxRequestHeadersTotalSize)) ?? options.MaxRequestHeadersTotalSize;
        options.MaxRequestHeaderCount = Int(section, nameof(options.MaxRequestHeaderCount)) ?? options.MaxRequestHeaderCount;
        options.MaxRequestBodySize = NullableLong(section, nameof(options.MaxRequestBodySize), options.MaxRequestBodySize);
        options.KeepAliveTimeout = Time(section, nameof(options.KeepAliveTimeout)) ?? options.KeepAliveTimeout;
        options.RequestHeadersTimeout = Time(section, nameof(options.RequestHeadersTimeout)) ?? options.RequestHeadersTimeout;
        options.MinRequestBodyDataRate = Double(section, nameof(options.MinRequestBodyDataRate)) ?? options.MinRequestBodyDataRate;
        options.MinRequestBodyDataRateGracePeriod = Time(section, nameof(options.MinRequestBodyDataRateGracePeriod)) ?? options.MinRequestBodyDataRateGracePeriod;
        options.MinResponseDataRate = Double(section, nameof(options.MinResponseDataRate)) ?? options.MinResponseDataRate;
        options.MinResponseDataRateGracePeriod = Time(section, nameof(options.MinResponseDataRateGracePeriod)) ?? options.MinResponseDataRateGracePeriod;
        options.MaxConcurrentConnections = NullableLong(section, nameof(options.MaxConcurrentConnections), options.MaxConcurrentConnections);
        options.CertificatePath = section[nameof(options.CertificatePath)] ?? options.CertificatePath;
        options.CertificateKeyPath = section[nameof(options.CertificateKeyPath)] ?? options.CertificateKeyPath;
        options.CertificatePassword = section[nameof(options.CertificatePassword)] ?? options.CertificatePassword;
        options.TlsHandshakeTimeout = Time(section, nameof(options.TlsHandshakeTimeout)) ?? options.TlsHandshakeTimeout;
        options.IdleMemoryTrim = Time(section, nameof(options.IdleMemoryTrim)) ?? options.IdleMemoryTrim;
        options.NativeSocketLoop = Bool(section, nameof(options.NativeSocketLoop)) ?? options.NativeSocketLoop;
    }

    private static int? Int(IConfigurationSection section, string key) =>
        section[key] is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(key, text)
            : null;

    private static bool? Bool(IConfigurationSection section, string key) =>
        section[key] is { } text
            ? bool.TryParse(text, out var value) ? value : throw Invalid(key, text)
            : null;

    private static double? Double(IConfigurationSection section, string key) =>
        section[key] is { } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(key, text)
            : null;

    private static long? NullableLong(IConfigurationSection section, string key, long? current)
    {
        var text = section[key];
        if (text is null)
        {
            return current;
        }

        if (text.Length == 0 || text.Equals("null", StringComparison.OrdinalIgnoreCase) || text.Equals("unlimited", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(key, text);
    }

    private static TimeSpan? Time(IConfigurationSection section, string key) =>
        section[key] is { } text
            ? TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(key, text)
            : null;

    private static InvalidOperationException Invalid(string key, string text) =>
        new($"Configuration value '{text}' for {BackEndServerDefaults.ConfigurationSection}:{key} is not valid.");
}
