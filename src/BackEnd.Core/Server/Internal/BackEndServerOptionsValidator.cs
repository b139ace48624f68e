using Microsoft.Extensions.Options;

namespace BackEnd.Server.Internal;

/// <summary>Fails the host at start when a limit makes no sense, instead of on the first request.</summary>
internal sealed class BackEndServerOptionsValidator : IValidateOptions<BackEndServerOptions>
{
    private static readonly TimeSpan s_maxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public ValidateOptionsResult Validate(string? name, BackEndServerOptions options)
    {
        var failures = new List<string>();
        if (options.MaxRequestLineSize < 16)
        {
            failures.Add("MaxRequestLineSize must be at least 16 bytes.");
        }

        if (options.MaxRequestHeadersTotalSize < 64)
        {
            failures.Add("MaxRequestHeadersTotalSize must be at least 64 bytes.");
        }

        if (options.MaxRequestHeaderCount < 1)
        {
            failures.Add("MaxRequestHeaderCount must be at least 1.");
        }

        if (options.MaxRequestBodySize < 0)
        {
            failures.Add("MaxRequestBodySize must not be negative.");
        }

        if (options.KeepAliveTimeout <= TimeSpan.Zero && options.KeepAliveTimeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add("KeepAliveTimeout must be positive.");
        }

        if (options.RequestHeadersTimeout <= TimeSpan.Zero && options.RequestHeadersTimeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add("RequestHeadersTimeout must be positive.");
        }

        if (options.MinRequestBodyDataRate < 0 || double.IsNaN(options.MinRequestBodyDataRate))
        {
            failures.Add("MinRequestBodyDataRate must not be negative.");
        }

        if (options.MinRequestBodyDataRateGracePeriod < TimeSpan.Zero)
        {
            failures.Add("MinRequestBodyDataRateGracePeriod must not be negative.");
        }

        if (options.MinResponseDataRate < 0 || double.IsNaN(options.MinResponseDataRate))
        {
            failures.Add("MinResponseDataRate must not be negative.");
        }

        if (options.MinResponseDataRateGracePeriod < TimeSpan.Zero)
        {
            failures.Add("MinResponseDataRateGracePeriod must not be negative.");
        }

        if (options.MaxConcurrentConnections < 1)
        {
            failures.Add("MaxConcurrentConnections must be at least 1.");
        }

        if (options.TlsHandshakeTimeout <= TimeSpan.Zero)
        {
            failures.Add("TlsHandshakeTimeout must be positive.");
        }
        else if (options.TlsHandshakeTimeout > s_maxTimerDelay)
        {
            // CancellationTokenSource.CancelAfter refuses longer delays, which would fail every TLS handshake at run time.
            failures.Add("TlsHandshakeTimeout must be at most 49 days.");
        }

        if (options.IdleMemoryTrim < TimeSpan.Zero && options.IdleMemoryTrim != Timeout.InfiniteTimeSpan)
        {
            failures.Add("IdleMemoryTrim must not be negative (zero turns it off).");
        }

        if (options.Urls is not null)
        {
            try
            {
                _ = ListenEndpoint.ParseList(options.Urls);
            }
            catch (InvalidOperationException ex)
            {
                failures.Add(ex.Message);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
