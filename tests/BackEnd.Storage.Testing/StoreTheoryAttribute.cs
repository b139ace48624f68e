using Xunit.Sdk;

namespace BackEnd.Storage.Testing;

/// <summary>A theory of the contract suite; skipped when the concrete class's <see cref="RequiresEnvironmentVariableAttribute"/> is unmet.</summary>
[XunitTestCaseDiscoverer("BackEnd.Storage.Testing.Internal.StoreTheoryDiscoverer", "BackEnd.Storage.Testing")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreTheoryAttribute : TheoryAttribute
{
}
