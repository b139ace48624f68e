using BackEnd.Pipeline.Compression;
using BackEnd.Pipeline.Compression.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackEnd.Pipeline;

/// <summary>Adds response compression.</summary>
public static class ResponseCompressionApplicationBuilderExtensions
{
    /// <summary>Compresses responses with Brotli or gzip (BCL), as negotiated by <c>Accept-Encoding</c>, skipping small and already-compressed bodies.</summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseResponseCompression(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ServiceProvider.GetService<IOptions<ResponseCompressionOptions>>()?.Value ?? new ResponseCompressionOptions();
        return app.Use(next => new ResponseCompressionMiddleware(next, options).InvokeAsync);
    }
}
