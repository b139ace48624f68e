namespace BackEnd.Storage.Testing;

/// <summary>
/// Put on a sealed contract-suite class whose provider needs a server (e.g. PostgreSQL): its <see cref="StoreFactAttribute"/> and
/// <see cref="StoreTheoryAttribute"/> tests are skipped, with a visible reason, when the variable is unset.
/// </summary>
/// <param name="variable">The environment variable that must name the server.</param>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresEnvironmentVariableAttribute(string variable) : Attribute
{
    /// <summary>Gets the variable.</summary>
    public string Variable { get; } = variable;

    /// <summary>Gets the skip reason, or <see langword="null"/> when the variable is set.</summary>
    public string? SkipReason => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable))
        ? $"{Variable} is not set; set it to a connection string to run this provider's contract tests."
        : null;
}
