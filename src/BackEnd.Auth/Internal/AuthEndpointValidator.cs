using BackEnd.Routing;
using Microsoft.Extensions.Options;

namespace BackEnd.Auth.Internal;

/// <summary>
/// Stops start-up when a route names an authorization policy that is not defined, rather than failing each request to it
/// with a 500; and tells Core that the auth middleware enforces <see cref="AuthorizationMetadata"/>.
/// </summary>
internal sealed class AuthEndpointValidator(IOptions<AuthOptions> options) : IEndpointValidator
{
    public bool EnforcesAuthorization => true;

    public void Validate(IReadOnlyList<Endpoint> endpoints)
    {
        var authorization = options.Value.Authorization;
        foreach (var endpoint in endpoints)
        {
            foreach (var item in endpoint.Metadata)
            {
                if (item is AuthorizationMetadata { Policy: { } name } && authorization.GetPolicy(name) is null)
                {
                    var defined = string.Join(", ", authorization.PolicyNames.Order(StringComparer.Ordinal).Select(static n => "'" + n + "'"));
                    throw new InvalidOperationException(
                        $"The endpoint '{endpoint.DisplayName}' requires the authorization policy '{name}', which is not defined "
                        + $"(defined: {(defined.Length == 0 ? "none" : defined)}); add it with AddAuth(o => o.Authorization.AddPolicy(\"{name}\", p => ...)).");
                }
            }
        }
    }
}
