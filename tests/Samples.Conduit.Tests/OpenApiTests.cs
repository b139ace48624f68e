using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using BackEnd.Browser.Testing;

namespace Samples.Conduit.Tests;

/// <summary>The sample's generated OpenAPI document against the RealWorld specification (RealWorld/openapi.yml).</summary>
public sealed partial class OpenApiTests(ConduitHost conduit) : IClassFixture<ConduitHost>
{
    [Fact]
    public async Task Document_SamePathsAndOperationsAsTheSpecification()
    {
        var reply = await conduit.GetAsync("/api/openapi.json");
        var ours = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in reply.Json!["paths"]!.AsObject())
        {
            foreach (var (method, _) in item!.AsObject())
            {
                ours.Add(method.ToUpperInvariant() + " " + path);
            }
        }

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.StartsWith("3.1", reply.Json["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(SpecificationOperations(), ours);
    }

    [Fact]
    public async Task Document_OperationIdsAndSecurityMatchTheSpecification()
    {
        var reply = await conduit.GetAsync("/api/openapi.json");
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        var secured = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (_, item) in reply.Json!["paths"]!.AsObject())
        {
            foreach (var (_, operation) in item!.AsObject())
            {
                var id = operation!["operationId"]!.GetValue<string>();
                ids.Add(id);
                if (operation["security"] is { } security && security.AsArray().Count > 0)
                {
                    secured.Add(id);
                }
            }
        }

        var spec = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "RealWorld", "openapi.yml"));
        Assert.Equal(new SortedSet<string>(OperationId().Matches(spec).Select(m => m.Groups[1].Value), StringComparer.Ordinal), ids);
        Assert.Contains("UpdateArticle", secured);
        Assert.DoesNotContain("GetArticles", secured);
    }

    [NodeFact]
    public async Task Document_PassesTheOpenApiValidators()
    {
        var reply = await conduit.GetAsync("/api/openapi.json");
        var file = Path.Combine(Path.GetTempPath(), $"conduit-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, reply.Text);
        try
        {
            var start = new ProcessStartInfo("node", [Path.Combine(NodeFactAttribute.Tools!, "validate.mjs"), file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = NodeFactAttribute.Tools,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the validators did not finish");

            Assert.True(process.ExitCode == 0, await output + await error);
            Assert.Contains("swagger-parser: valid", await output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>"METHOD /api/path" for every operation of the YAML specification, read by its fixed indentation.</summary>
    private static SortedSet<string> SpecificationOperations()
    {
        var operations = new SortedSet<string>(StringComparer.Ordinal);
        string? path = null;
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "RealWorld", "openapi.yml")))
        {
            if (PathLine().Match(line) is { Success: true } p)
            {
                path = "/api" + p.Groups[1].Value;
            }
            else if (line.Length > 0 && line[0] != ' ')
            {
                path = null;
            }
            else if (path is not null && MethodLine().Match(line) is { Success: true } m)
            {
                operations.Add(m.Groups[1].Value.ToUpperInvariant() + " " + path);
            }
        }

        Assert.Equal(19, operations.Count);
        return operations;
    }

    [GeneratedRegex(@"^  (/\S*):\s*$")]
    private static partial Regex PathLine();

    [GeneratedRegex(@"^    (get|put|post|delete|patch|head|options):\s*$")]
    private static partial Regex MethodLine();

    [GeneratedRegex(@"operationId: (\w+)")]
    private static partial Regex OperationId();
}
