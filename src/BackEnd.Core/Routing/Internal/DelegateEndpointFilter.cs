namespace BackEnd.Routing.Internal;

internal sealed class DelegateEndpointFilter(Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> filter) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) => filter(context, next);
}
