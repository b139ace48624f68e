using BackEnd.Hosting;
using BackEnd.Pipeline.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Pipeline;

/// <summary>Configures the request pipeline of a BackEnd application in DI.</summary>
/// <remarks>
/// Composition with the Generic Host: callbacks registered here (and route modules) are stored in DI; when the host
/// starts, they run once, in registration order, to build one <see cref="Http.RequestDelegate"/>, which is registered as
/// a singleton <see cref="Http.RequestDelegate"/> service for the server to take. Errors such as ambiguous routes
/// therefore fail the host's start, not the first request.
/// </remarks>
public static class PipelineBackEndBuilderExtensions
{
    /// <summary>Adds middleware and routes: <c>.Configure(app =&gt; { app.UseRequestLogging(); app.MapGet("/", () =&gt; "hi"); })</c>.</summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="configure">The callback, run once when the host starts; callbacks run in registration order.</param>
    /// <returns>The BackEnd builder.</returns>
    public static IBackEndBuilder Configure(this IBackEndBuilder builder, Action<IApplicationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddPipeline();

        // Not TryAdd: every callback is wanted, in order.
        builder.Services.AddSingleton(new ApplicationConfiguration(configure));
        return builder;
    }

    /// <summary>Registers the pipeline services; idempotent, and called by every other BackEnd routing or pipeline method.</summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <returns>The BackEnd builder.</returns>
    public static IBackEndBuilder AddPipeline(this IBackEndBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ApplicationPipeline.Register(builder.Services);
        return builder;
    }
}
