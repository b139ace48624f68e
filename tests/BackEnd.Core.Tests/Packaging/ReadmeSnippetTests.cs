using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BackEnd.Core.Tests.Packaging;

/// <summary>
/// Every <c>```csharp</c> block of the root README and each package README compiles as shown, as a top-level program
/// of a console app with implicit usings: the SDK's plus those the packages' buildTransitive props add. A block right
/// after <c>&lt;!-- snippet: skip-until-merged --&gt;</c> needs an API another branch adds and is left out until then.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    private const string SkipMarker = "<!-- snippet: skip-until-merged -->";

    private static readonly string[] SdkUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    public static TheoryData<string, int> Snippets()
    {
        var data = new TheoryData<string, int>();
        foreach (var readme in ReadmeFiles())
        {
            var blocks = Extract(File.ReadAllText(Path.Combine(RepositoryRoot, readme)));
            for (var i = 0; i < blocks.Count; i++)
            {
                if (!blocks[i].Skipped)
                {
                    data.Add(readme, i);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Snippets_EveryPackageReadme_HasAtLeastOneCompiledBlock()
    {
        var withCode = ReadmeFiles().Where(r => Extract(File.ReadAllText(Path.Combine(RepositoryRoot, r))).Any(b => !b.Skipped)).ToList();

        Assert.Contains("README.md", withCode);
        Assert.Contains(Path.Combine("src", "BackEnd.Core", "README.md"), withCode);
        Assert.Contains(Path.Combine("src", "BackEnd.Storage.Sql", "README.md"), withCode);
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Snippet_AsShown_Compiles(string readme, int index)
    {
        var block = Extract(File.ReadAllText(Path.Combine(RepositoryRoot, readme)))[index];

        var errors = Compile(block.Code);

        Assert.True(errors.Count == 0, $"{readme} block {index + 1} (line {block.Line}) does not compile:\n{string.Join('\n', errors)}\n\n{block.Code}");
    }

    [Fact]
    public void Compile_SnippetWithError_ReportsIt()
    {
        // The harness itself must be able to fail: an undefined name is an error.
        var errors = Compile("var x = undefinedStore.GetRepository<int, int>();");

        Assert.Contains(errors, e => e.Contains("CS0103", StringComparison.Ordinal));
    }

    private static List<string> Compile(string code)
    {
        var globalUsings = new StringBuilder();
        foreach (var name in SdkUsings.Concat(PackageUsings()).Distinct(StringComparer.Ordinal))
        {
            globalUsings.Append("global using global::").Append(name).AppendLine(";");
        }

        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "ReadmeSnippet",
            [CSharpSyntaxTree.ParseText(globalUsings.ToString(), options), CSharpSyntaxTree.ParseText(code, options)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics()
            .Where(static d => d.Severity == DiagnosticSeverity.Error)
            .Select(static d => d.ToString())];
    }

    private static readonly Lazy<MetadataReference[]> References = new(static () =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(static p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(static p => MetadataReference.CreateFromFile(p))]);

    /// <summary>The namespaces every package's buildTransitive props adds, read from the props so the test checks them too.</summary>
    private static IEnumerable<string> PackageUsings() =>
        Directory.GetFiles(Path.Combine(RepositoryRoot, "src"), "*.props", SearchOption.AllDirectories)
            .Where(static p => p.Contains($"{Path.DirectorySeparatorChar}buildTransitive{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(static p => UsingItem().Matches(File.ReadAllText(p)).Select(static m => m.Groups[1].Value));

    private static IEnumerable<string> ReadmeFiles()
    {
        yield return "README.md";
        foreach (var directory in Directory.GetDirectories(Path.Combine(RepositoryRoot, "src")).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(directory, "README.md")))
            {
                yield return Path.Combine("src", Path.GetFileName(directory), "README.md");
            }
        }
    }

    private static List<(string Code, int Line, bool Skipped)> Extract(string markdown)
    {
        var blocks = new List<(string, int, bool)>();
        var lines = markdown.Split('\n').Select(static l => l.TrimEnd('\r')).ToArray();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```csharp", StringComparison.Ordinal))
            {
                continue;
            }

            var skipped = i > 0 && lines[i - 1].Trim() == SkipMarker;
            var start = i + 1;
            var end = start;
            while (end < lines.Length && !lines[end].StartsWith("```", StringComparison.Ordinal))
            {
                end++;
            }

            blocks.Add((string.Join('\n', lines[start..end]), start + 1, skipped));
            i = end;
        }

        return blocks;
    }

    private static string RepositoryRoot => RepositoryPaths.Root;

    [GeneratedRegex("<Using\\s+Include=\"([^\"]+)\"")]
    private static partial Regex UsingItem();
}
