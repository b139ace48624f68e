using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Hosting;

/// <summary>Composes a BackEnd application; other packages extend it with their own <c>Add…</c> methods.</summary>
public interface IBackEndBuilder
{
    /// <summary>Gets the service collection the application is registered in.</summary>
    IServiceCollection Services { get; }
}
