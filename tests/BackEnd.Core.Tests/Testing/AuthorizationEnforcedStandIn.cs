using BackEnd.Routing;

namespace BackEnd.Core.Tests.Testing;

/// <summary>
/// Stands in for BackEnd.Auth in Core tests that only inspect authorization metadata, so start-up does not refuse
/// routes whose metadata nothing would enforce.
/// </summary>
internal sealed class AuthorizationEnforcedStandIn : IEndpointValidator
{
    public bool EnforcesAuthorization => true;

    public void Validate(IReadOnlyList<Endpoint> endpoints)
    {
    }
}
