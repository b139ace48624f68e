using BackEnd.Pipeline.RequestLogging;
using BackEnd.Pipeline.RequestLogging.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackEnd.Pipeline;

/// <summary>Adds request logging.</summary>
public static class RequestLoggingApplicationBuilderExtensions
{
    /// <summary>Logs one line per request (method, path, status, milliseconds) under the <c>BackEnd.RequestLogging</c> category, at Information.</summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = (app.ServiceProvider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("BackEnd.RequestLogging");
        var timeProvider = app.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
        return app.Use(next => new RequestLoggingMiddleware(next, logger, timeProvider).InvokeAsync);
    }
}
