namespace BackEnd.Routing;

/// <summary>
/// Checks the endpoints when the pipeline is built at start-up, so a configuration error (such as a route naming an
/// unknown policy) stops the host instead of failing requests. Register implementations as singletons.
/// </summary>
public interface IEndpointValidator
{
    /// <summary>
    /// Gets whether the registering package enforces <see cref="AuthorizationMetadata"/>. When none does, routes that
    /// carry it would be left unguarded, so start-up fails.
    /// </summary>
    bool EnforcesAuthorization => false;

    /// <summary>Checks the endpoints; throws <see cref="InvalidOperationException"/> with a clear message to stop start-up.</summary>
    /// <param name="endpoints">Every endpoint, with group metadata applied.</param>
    void Validate(IReadOnlyList<Endpoint> endpoints);
}
