using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Hosting.Internal;

internal sealed class BackEndBuilder(IServiceCollection services) : IBackEndBuilder
{
    public IServiceCollection Services { get; } = services;
}
