using Xunit.Sdk;

namespace BackEnd.Storage.Testing;

/// <summary>A fact of the contract suite; skipped when the concrete class's <see cref="RequiresEnvironmentVariableAttribute"/> is unmet.</summary>
[XunitTestCaseDiscoverer("BackEnd.Storage.Testing.Internal.StoreFactDiscoverer", "BackEnd.Storage.Testing")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute
{
}
