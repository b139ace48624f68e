namespace BackEnd.Auth.Authorization;

/// <summary>The outcome of an authorization check, with the reasons when it failed.</summary>
public sealed class AuthorizationResult
{
    private static readonly AuthorizationResult SuccessResult = new(true, []);

    private AuthorizationResult(bool succeeded, IReadOnlyList<string> failures)
    {
        Succeeded = succeeded;
        Failures = failures;
    }

    /// <summary>Gets whether the user may proceed.</summary>
    public bool Succeeded { get; }

    /// <summary>Gets why the check failed (handlers' reasons and requirements nobody granted); empty on success.</summary>
    public IReadOnlyList<string> Failures { get; }

    /// <summary>Gets a successful result.</summary>
    /// <returns>The result.</returns>
    public static AuthorizationResult Success() => SuccessResult;

    /// <summary>Creates a failed result.</summary>
    /// <param name="failures">The reasons.</param>
    /// <returns>The result.</returns>
    public static AuthorizationResult Failed(IReadOnlyList<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        return new AuthorizationResult(false, failures);
    }
}
