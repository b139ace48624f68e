namespace BackEnd.Browser.Testing;

/// <summary>A fact that needs node and the validators of tests/tools/openapi (one copy for every test project that runs them), and says how to get them when skipped.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (Tools is null)
        {
            Skip = "node or tests/tools/openapi/node_modules is missing; install node and run `npm ci --prefix tests/tools/openapi`.";
        }
    }

    public static string? Tools { get; } = Find();

    private static string? Find()
    {
        var hasNode = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator).Any(p => File.Exists(Path.Combine(p, "node"))) == true;
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); hasNode && directory is not null; directory = directory.Parent)
        {
            var tools = Path.Combine(directory.FullName, "tests", "tools", "openapi");
            if (Directory.Exists(Path.Combine(tools, "node_modules")))
            {
                return tools;
            }
        }

        return null;
    }
}
