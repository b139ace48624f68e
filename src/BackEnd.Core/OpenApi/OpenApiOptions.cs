namespace BackEnd.OpenApi;

/// <summary>Describes the API as a whole in the OpenAPI document served by <see cref="OpenApiEndpointRouteBuilderExtensions.MapOpenApi"/>.</summary>
public sealed class OpenApiOptions
{
    /// <summary>Gets or sets the API's title.</summary>
    /// <value>Default: <c>API</c>.</value>
    public string Title { get; set; } = "API";

    /// <summary>Gets or sets the API's version (of the API, not of OpenAPI).</summary>
    /// <value>Default: <c>1.0.0</c>.</value>
    public string Version { get; set; } = "1.0.0";

    /// <summary>Gets or sets a longer description of the API, in CommonMark.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? Description { get; set; }

    /// <summary>Gets or sets the server URL written into the document, so validators and clients know where it lives.</summary>
    /// <value>Default: <c>/</c> (the host serving the document).</value>
    public string ServerUrl { get; set; } = "/";
}
