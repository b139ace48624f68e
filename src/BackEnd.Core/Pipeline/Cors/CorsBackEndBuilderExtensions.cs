using BackEnd.Pipeline.Cors;
using BackEnd.Hosting;
using BackEnd.Pipeline.Cors.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BackEnd.Pipeline;

/// <summary>Registers the CORS options.</summary>
public static class CorsBackEndBuilderExtensions
{
    /// <summary>Configures CORS (validated at start-up); add the middleware with <c>app.UseCors()</c>.</summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="configure">Sets the allowed origins, methods and headers.</param>
    /// <returns>The BackEnd builder.</returns>
    public static IBackEndBuilder AddCors(this IBackEndBuilder builder, Action<CorsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<CorsOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CorsOptions>, CorsOptionsValidator>());
        return builder;
    }
}
