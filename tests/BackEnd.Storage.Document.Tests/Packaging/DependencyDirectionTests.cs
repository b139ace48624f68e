using System.Reflection;

namespace BackEnd.Storage.Document.Tests.Packaging;

public sealed class DependencyDirectionTests
{
    // DESIGN.md: arrows only point at Core; a package never references a storage provider or ASP.NET Core.
    [Fact]
    public void Package_ReferencesNoProviderAndNoAspNetCore()
    {
        var references = Assembly.Load("BackEnd.Storage.Document").GetReferencedAssemblies().Select(r => r.Name!).ToList();

        Assert.DoesNotContain(references, name => name.StartsWith("BackEnd.Storage.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }
}
