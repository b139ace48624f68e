using BackEnd.OpenApi.Internal;
using BackEnd.Routing;

namespace BackEnd.OpenApi;

/// <summary>Adds descriptions to routes and groups for the OpenAPI document.</summary>
public static class OpenApiEndpointConventionBuilderExtensions
{
    /// <summary>Sets the operation's one-line summary.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The route or group.</param>
    /// <param name="summary">The summary.</param>
    /// <returns>The builder.</returns>
    public static TBuilder WithSummary<TBuilder>(this TBuilder builder, string summary)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(summary);
        return builder.WithMetadata(new OpenApiOperationMetadata(Summary: summary));
    }

    /// <summary>Sets the operation's description, in CommonMark.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The route or group.</param>
    /// <param name="description">The description.</param>
    /// <returns>The builder.</returns>
    public static TBuilder WithDescription<TBuilder>(this TBuilder builder, string description)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        return builder.WithMetadata(new OpenApiOperationMetadata(Description: description));
    }

    /// <summary>Adds tags that group operations in documentation.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The route or group.</param>
    /// <param name="tags">The tags.</param>
    /// <returns>The builder.</returns>
    public static TBuilder WithTags<TBuilder>(this TBuilder builder, params string[] tags)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(tags);
        return builder.WithMetadata(new OpenApiOperationMetadata(Tags: tags));
    }

    /// <summary>Sets the operation id, unique in the document (client generators name methods after it).</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The route.</param>
    /// <param name="operationId">The id.</param>
    /// <returns>The builder.</returns>
    public static TBuilder WithOperationId<TBuilder>(this TBuilder builder, string operationId)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operationId);
        return builder.WithMetadata(new OpenApiOperationMetadata(OperationId: operationId));
    }

    /// <summary>Leaves the route or group out of the OpenAPI document.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The route or group.</param>
    /// <returns>The builder.</returns>
    public static TBuilder ExcludeFromDescription<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OpenApiOperationMetadata(Excluded: true));
}
