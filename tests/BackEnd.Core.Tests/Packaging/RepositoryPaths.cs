namespace BackEnd.Core.Tests.Packaging;

/// <summary>Finds the repository root from the test output directory, for tests over the repository's own files.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BackEnd.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (BackEnd.sln) was not found above " + AppContext.BaseDirectory);
    }
}
