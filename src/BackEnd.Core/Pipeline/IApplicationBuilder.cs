using BackEnd.Http;
using BackEnd.Routing;

namespace BackEnd.Pipeline;

/// <summary>
/// Builds the application: middleware in registration order, then routes. Received by the callbacks given to
/// <see cref="PipelineBackEndBuilderExtensions.Configure"/>; the final <see cref="RequestDelegate"/> is built once, at start-up.
/// </summary>
public interface IApplicationBuilder : IEndpointRouteBuilder
{
    /// <summary>Adds a middleware: a function that receives the next delegate and returns the delegate to run.</summary>
    /// <param name="middleware">The middleware factory, called once at start-up.</param>
    /// <returns>This builder.</returns>
    IApplicationBuilder Use(Func<RequestDelegate, RequestDelegate> middleware);
}
