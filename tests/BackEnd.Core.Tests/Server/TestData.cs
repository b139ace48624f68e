namespace BackEnd.Core.Tests.Server;

/// <summary>Finds the test corpora kept in the repository under <c>tests/TestData</c> (sources and licences in its SOURCES.md).</summary>
internal static class TestData
{
    public static string HttpDirectory
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BackEnd.sln")))
            {
                directory = directory.Parent;
            }

            if (directory is null)
            {
                throw new InvalidOperationException($"BackEnd.sln was not found above {AppContext.BaseDirectory}; the corpora tests need the repository layout.");
            }

            var path = Path.Combine(directory.FullName, "tests", "TestData", "http");
            return Directory.Exists(path)
                ? path
                : throw new InvalidOperationException($"The HTTP corpora are missing: expected {path}.");
        }
    }
}
