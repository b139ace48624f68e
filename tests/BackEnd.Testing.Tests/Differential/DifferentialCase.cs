namespace BackEnd.Testing.Tests.Differential;

/// <summary>One request (or short exchange) sent to both hosts; <see cref="Expected"/> is the start of the outcome both must give.</summary>
/// <param name="Name">A unique, readable name.</param>
/// <param name="Run">Sends the request with a fresh client and describes what came back.</param>
/// <param name="Expected">The prefix of the intended outcome (a status line or <c>error:</c>), or <see langword="null"/> to only compare the hosts.</param>
internal sealed record DifferentialCase(string Name, Func<HttpClient, Task<string>> Run, string? Expected = null)
{
    public override string ToString() => Name;
}
