using System.Text.Json;
using BackEnd.Http;
using BackEnd.Server.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Pipeline.Internal;

/// <summary>
/// Gives every request its own service scope, created on first use and disposed (asynchronously) when the request ends;
/// a request that resolves nothing allocates nothing here.
/// </summary>
internal sealed class RequestScopeMiddleware(RequestDelegate next, IServiceScopeFactory scopeFactory, JsonSerializerOptions jsonOptions)
{
    public ValueTask InvokeAsync(HttpContext context)
    {
        var services = GetServices(context);
        services.Begin();
        context.RequestServices = services;
        ValueTask pending;
        try
        {
            pending = next(context);
        }
        catch (Exception exception)
        {
            return EndAfterFailureAsync(services, exception);
        }

        if (pending.IsCompletedSuccessfully && !services.HasScope)
        {
            pending.GetAwaiter().GetResult();
            return services.EndAsync();
        }

        return AwaitAsync(pending, services);
    }

    private RequestServices GetServices(HttpContext context)
    {
        // The server reuses its context for every request of a connection, so it keeps one provider for all of them.
        if (context is ServerHttpContext server)
        {
            if (server.ApplicationState is RequestServices cached)
            {
                return cached;
            }

            var created = new RequestServices(scopeFactory, jsonOptions);
            server.ApplicationState = created;
            return created;
        }

        return new RequestServices(scopeFactory, jsonOptions);
    }

    private static async ValueTask AwaitAsync(ValueTask pending, RequestServices services)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        finally
        {
            await services.EndAsync().ConfigureAwait(false);
        }
    }

    private static async ValueTask EndAfterFailureAsync(RequestServices services, Exception exception)
    {
        await services.EndAsync().ConfigureAwait(false);
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
    }
}
