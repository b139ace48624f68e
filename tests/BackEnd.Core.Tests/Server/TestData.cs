namespace BackEnd.Core.Tests.Server;

/// <summary>Finds the shared test corpora: the directory holding BackEnd.sln has <c>../shared/testdata</c> beside it.</summary>
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

            if (directory?.Parent is null)
            {
                throw new InvalidOperationException($"BackEnd.sln was not found above {AppContext.BaseDirectory}; the corpora tests need the repository layout.");
            }

            var path = Path.Combine(directory.Parent.FullName, "shared", "testdata", "http");
            return Directory.Exists(path)
                ? path
                : throw new InvalidOperationException($"The HTTP corpora are missing: expected {path} (the repository's parent directory must hold shared/testdata).");
        }
    }
}
