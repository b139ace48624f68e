using System.Reflection;

namespace BackEnd.Auth.Tests.Packaging;

public sealed class DependencyDirectionTests
{
    // DESIGN.md: arrows only point at Core; a package never references a storage provider or ASP.NET Core.
    [Fact]
    public void Package_ReferencesNoProviderAndNoAspNetCore()
    {
        var references = Assembly.Load("BackEnd.Auth").GetReferencedAssemblies().Select(r => r.Name!).ToList();

        Assert.DoesNotContain(references, name => name.StartsWith("BackEnd.Storage.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }
}
