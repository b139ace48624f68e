using System.Diagnostics.CodeAnalysis;
using BackEnd.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Pipeline;

/// <summary>Inline and class-based middleware.</summary>
public static class ApplicationBuilderExtensions
{
    /// <summary>Adds an inline middleware: <c>app.Use(async (context, next) =&gt; { …; await next(context); })</c>.</summary>
    /// <param name="app">The application builder.</param>
    /// <param name="middleware">The middleware.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder Use(this IApplicationBuilder app, Func<HttpContext, RequestDelegate, ValueTask> middleware)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(middleware);
        return app.Use(next => context => middleware(context, next));
    }

    /// <summary>Adds a class-based middleware, taken from DI if registered, else created once with constructor injection.</summary>
    /// <typeparam name="TMiddleware">The middleware type; one instance serves every request, so use <c>context.RequestServices</c> for scoped services.</typeparam>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseMiddleware<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TMiddleware>(this IApplicationBuilder app)
        where TMiddleware : IMiddleware
    {
        ArgumentNullException.ThrowIfNull(app);
        var middleware = ActivatorUtilities.GetServiceOrCreateInstance<TMiddleware>(app.ServiceProvider);
        return app.Use(next => context => middleware.InvokeAsync(context, next));
    }

    /// <summary>Ends the pipeline with a delegate: nothing registered after it runs, and routes are not reached.</summary>
    /// <param name="app">The application builder.</param>
    /// <param name="handler">The terminal delegate.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder Run(this IApplicationBuilder app, RequestDelegate handler)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(handler);
        return app.Use(_ => handler);
    }
}
