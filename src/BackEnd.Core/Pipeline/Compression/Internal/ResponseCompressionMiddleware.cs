using BackEnd.Http;
using BackEnd.Pipeline.Internal;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Pipeline.Compression.Internal;

/// <summary>Negotiates an encoding and, when the client accepts one, runs the rest of the pipeline with a compressing response.</summary>
internal sealed class ResponseCompressionMiddleware(RequestDelegate next, ResponseCompressionOptions options)
{
    private readonly HashSet<string> _mimeTypes = new(options.MimeTypes, StringComparer.OrdinalIgnoreCase);

    public ValueTask InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Method == "HEAD" || (request.IsHttps && !options.EnableForHttps))
        {
            return next(context);
        }

        var encoding = Negotiate(request.Headers["Accept-Encoding"]);
        return encoding is null ? next(context) : InvokeCompressedAsync(context, encoding);
    }

    /// <summary>Picks <c>br</c> or <c>gzip</c> by quality value; Brotli wins ties because it compresses better.</summary>
    internal static string? Negotiate(StringValues acceptEncoding)
    {
        double brotli = -1, gzip = -1, any = -1;
        foreach (var value in acceptEncoding)
        {
            foreach (var item in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = item.Split(';', StringSplitOptions.TrimEntries);
                var quality = 1.0;
                for (var i = 1; i < parts.Length; i++)
                {
                    if (parts[i].StartsWith("q=", StringComparison.OrdinalIgnoreCase) &&
                        double.TryParse(parts[i].AsSpan(2), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var q))
                    {
                        quality = q;
                    }
                }

                switch (parts[0].ToLowerInvariant())
                {
                    case "br":
                        brotli = quality;
                        break;
                    case "gzip":
                        gzip = quality;
                        break;
                    case "*":
                        any = quality;
                        break;
                }
            }
        }

        if (brotli < 0)
        {
            brotli = any;
        }

        if (gzip < 0)
        {
            gzip = any;
        }

        if (brotli <= 0 && gzip <= 0)
        {
            return null;
        }

        return brotli >= gzip ? "br" : "gzip";
    }

    private async ValueTask InvokeCompressedAsync(HttpContext context, string encoding)
    {
        var response = new CompressingHttpResponse(context.Response, encoding, options, _mimeTypes);
        try
        {
            var compressed = new DelegatingHttpContext(context, null, outer =>
            {
                response.Context = outer;
                return response;
            });
            await next(compressed).ConfigureAwait(false);
            await response.FinishAsync().ConfigureAwait(false);
        }
        finally
        {
            await response.DisposeAsync().ConfigureAwait(false);
        }
    }
}
