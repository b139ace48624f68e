using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Routing.Internal;

/// <summary>A filter class taken from the request's services when registered (respecting its lifetime), else created once with constructor injection.</summary>
internal sealed class ActivatedEndpointFilter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFilter> : IEndpointFilter
    where TFilter : IEndpointFilter
{
    private TFilter? _created;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var services = context.HttpContext.RequestServices;
        var filter = services.GetService<TFilter>();
        if (filter is null)
        {
            filter = _created ??= ActivatorUtilities.CreateInstance<TFilter>(services);
        }

        return filter.InvokeAsync(context, next);
    }
}
