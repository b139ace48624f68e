namespace BackEnd.Routing;

/// <summary>Endpoint metadata that lets anonymous callers in, overriding a fallback policy and any authorization of enclosing groups.</summary>
public sealed class AllowAnonymousMetadata
{
    /// <summary>Gets the shared instance.</summary>
    public static AllowAnonymousMetadata Instance { get; } = new();
}
