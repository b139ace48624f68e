using System.Diagnostics.CodeAnalysis;
using BackEnd.Http;
using BackEnd.OpenApi.Internal;
using BackEnd.Pipeline.Internal;
using BackEnd.HttpResults.Internal;
using BackEnd.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.OpenApi;

/// <summary>Serves an OpenAPI 3.1 document describing every route.</summary>
public static class OpenApiEndpointRouteBuilderExtensions
{
    /// <summary>Serves the OpenAPI 3.1 document of every route of the application at <paramref name="pattern"/>.</summary>
    /// <param name="routes">The route builder.</param>
    /// <param name="pattern">The document's path.</param>
    /// <param name="configure">Sets the title, version and description.</param>
    /// <returns>The document's route, itself left out of the document.</returns>
    /// <remarks>The document is built once, from the routes as mapped at start-up: paths, methods, route, query and header parameters
    /// with their types and constraints, JSON bodies as JSON Schema (DataAnnotations become constraints), problem responses,
    /// and a security scheme for routes that require authorization.</remarks>
    [RequiresUnreferencedCode("Describes handler parameters and body types with reflection.")]
    [RequiresDynamicCode("Describes body types with reflection-based JSON metadata.")]
    public static RouteHandlerBuilder MapOpenApi(this IEndpointRouteBuilder routes, string pattern = "/openapi.json", Action<OpenApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var options = new OpenApiOptions();
        configure?.Invoke(options);
        byte[]? document = null;
        var lockObject = new Lock();
        return routes.MapMethods(pattern, ["GET"], context =>
        {
            if (document is null)
            {
                lock (lockObject)
                {
                    document ??= OpenApiDocumentBuilder.Build(
                        options,
                        context.RequestServices.GetRequiredService<ApplicationPipeline>().Endpoints,
                        ResponseWriter.GetJsonOptions(context));
                }
            }

            context.Response.Headers["Cache-Control"] = "no-cache";
            return BackEnd.Http.Results.File(document, "application/json").ExecuteAsync(context);
        }).ExcludeFromDescription();
    }
}
