using BackEnd.Http;

namespace BackEnd.Server.Internal;

/// <summary>Adapts <c>Run(…)</c> registrations to <see cref="IRequestDelegateFactory"/>.</summary>
internal sealed class DelegateRequestDelegateFactory(IServiceProvider services, Func<IServiceProvider, RequestDelegate> factory) : IRequestDelegateFactory
{
    public RequestDelegate CreateRequestDelegate() => factory(services);
}
