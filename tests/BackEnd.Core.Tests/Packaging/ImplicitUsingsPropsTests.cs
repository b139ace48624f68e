namespace BackEnd.Core.Tests.Packaging;

/// <summary>
/// NuGet imports a package's <c>buildTransitive/&lt;PackageId&gt;.props</c> only under that exact name, so a misnamed or
/// unpacked file silently drops the implicit usings; the samples import the files of the packages they reference.
/// </summary>
public sealed class ImplicitUsingsPropsTests
{
    public static TheoryData<string> PropsFiles(bool includeTestOnly)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "src"), "*.props", SearchOption.AllDirectories))
        {
            // BackEnd.Testing is for test projects; the samples do not reference it, so they do not import its usings.
            if (Path.GetFileName(Path.GetDirectoryName(file)) == "buildTransitive" && (includeTestOnly || !file.Contains("BackEnd.Testing", StringComparison.Ordinal)))
            {
                data.Add(Path.GetRelativePath(Root, file));
            }
        }

        return data;
    }

    [Theory]
    [InlineData("BackEnd.Core")]
    [InlineData("BackEnd.Storage.Sql")]
    [InlineData("BackEnd.Testing")]
    [InlineData("BackEnd.Storage.Document")]
    [InlineData("BackEnd.Auth")]
    public void Package_ShipsPropsNamedAfterItsId(string packageId)
    {
        var props = Path.Combine(Root, "src", packageId, "buildTransitive", packageId + ".props");

        Assert.True(File.Exists(props), $"{props} is missing");
    }

    [Theory]
    [MemberData(nameof(PropsFiles), true)]
    public void Props_NamedAfterPackagePackedAndOptOut(string relativePath)
    {
        var file = Path.Combine(Root, relativePath);
        var packageDirectory = Path.GetDirectoryName(Path.GetDirectoryName(file))!;
        var packageId = Path.GetFileName(packageDirectory);
        var project = File.ReadAllText(Path.Combine(packageDirectory, packageId + ".csproj"));
        var text = File.ReadAllText(file);

        Assert.Equal(packageId + ".props", Path.GetFileName(file));
        Assert.Contains("PackagePath=\"buildTransitive/\"", project, StringComparison.Ordinal);
        Assert.Contains("'$(BackEndImplicitUsings)' != 'false'", text, StringComparison.Ordinal);
        Assert.Contains("<Using Include=", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PropsFiles), false)]
    public void Samples_ImportPropsOfEveryPackageTheyReference(string relativePath)
    {
        var packageId = Path.GetFileNameWithoutExtension(relativePath);
        var importPath = relativePath.Replace('\\', '/');
        var shared = File.ReadAllText(Path.Combine(Root, "samples", "Directory.Build.props"));

        // A global using of a namespace a sample does not reference would not compile, so packages not every sample uses
        // are imported by the samples that reference them.
        foreach (var project in Directory.GetFiles(Path.Combine(Root, "samples"), "*.csproj", SearchOption.AllDirectories))
        {
            // MSBuild takes either separator in an Import path.
            var text = File.ReadAllText(project).Replace('\\', '/');
            if (text.Contains(packageId + ".csproj", StringComparison.Ordinal))
            {
                Assert.True(
                    shared.Contains(importPath, StringComparison.Ordinal) || text.Contains(importPath, StringComparison.Ordinal),
                    $"{Path.GetRelativePath(Root, project)} references {packageId} but imports neither directly nor through samples/Directory.Build.props {importPath}");
            }
        }
    }

    private static string Root => RepositoryPaths.Root;
}
