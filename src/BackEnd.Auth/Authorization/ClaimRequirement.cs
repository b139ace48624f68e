namespace BackEnd.Auth.Authorization;

/// <summary>Requires an authenticated user with a claim of a type, optionally with one of some values.</summary>
public sealed class ClaimRequirement : AuthorizationHandler<ClaimRequirement>, IAuthorizationRequirement
{
    /// <summary>Initializes the requirement.</summary>
    /// <param name="claimType">The claim type.</param>
    /// <param name="allowedValues">The allowed values; empty for any.</param>
    public ClaimRequirement(string claimType, IEnumerable<string>? allowedValues = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claimType);
        ClaimType = claimType;
        AllowedValues = allowedValues is null ? [] : [.. allowedValues];
    }

    /// <summary>Gets the claim type.</summary>
    public string ClaimType { get; }

    /// <summary>Gets the allowed values; empty for any.</summary>
    public IReadOnlyList<string> AllowedValues { get; }

    /// <inheritdoc/>
    protected override ValueTask HandleRequirementAsync(AuthorizationHandlerContext context, ClaimRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true && context.User.Claims.Any(c =>
            string.Equals(c.Type, requirement.ClaimType, StringComparison.Ordinal)
            && (requirement.AllowedValues.Count == 0 || requirement.AllowedValues.Contains(c.Value, StringComparer.Ordinal))))
        {
            context.Succeed(requirement);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override string ToString() => AllowedValues.Count == 0 ? $"a claim '{ClaimType}'" : $"a claim '{ClaimType}' of: {string.Join(", ", AllowedValues)}";
}
