using BackEnd.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Pipeline.Internal;

/// <summary>Gives every request its own service scope, disposed (asynchronously) when the request ends.</summary>
internal sealed class RequestScopeMiddleware(RequestDelegate next, IServiceScopeFactory scopeFactory)
{
    public async ValueTask InvokeAsync(HttpContext context)
    {
        var scope = scopeFactory.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            context.RequestServices = scope.ServiceProvider;
            await next(context).ConfigureAwait(false);
        }
    }
}
