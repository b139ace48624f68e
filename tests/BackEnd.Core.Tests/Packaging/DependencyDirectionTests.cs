using System.Reflection;

namespace BackEnd.Core.Tests.Packaging;

public sealed class DependencyDirectionTests
{
    [Fact]
    public void Core_ReferencesNoOtherBackEndAssembly()
    {
        var references = typeof(BackEnd.Hosting.IBackEndBuilder).Assembly.GetReferencedAssemblies();

        Assert.DoesNotContain(references, r => r.Name!.StartsWith("BackEnd.", StringComparison.Ordinal));
    }

    [Fact]
    public void Core_DoesNotDependOnAspNetCore()
    {
        var references = typeof(BackEnd.Hosting.IBackEndBuilder).Assembly.GetReferencedAssemblies();

        Assert.DoesNotContain(references, r => r.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }
}
