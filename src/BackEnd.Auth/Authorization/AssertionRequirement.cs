namespace BackEnd.Auth.Authorization;

/// <summary>Requires a condition given as code over the user, the resource and the request.</summary>
public sealed class AssertionRequirement : IAuthorizationHandler, IAuthorizationRequirement
{
    /// <summary>Initializes the requirement.</summary>
    /// <param name="assertion">The condition.</param>
    public AssertionRequirement(Func<AuthorizationHandlerContext, ValueTask<bool>> assertion)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        Assertion = assertion;
    }

    /// <summary>Gets the condition.</summary>
    public Func<AuthorizationHandlerContext, ValueTask<bool>> Assertion { get; }

    /// <inheritdoc/>
    public async ValueTask HandleAsync(AuthorizationHandlerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await Assertion(context).ConfigureAwait(false))
        {
            context.Succeed(this);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => "an assertion";
}
