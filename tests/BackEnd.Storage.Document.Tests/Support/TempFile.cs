namespace BackEnd.Storage.Document.Tests.Support;

/// <summary>A fresh file path in the temp folder, deleted (with LiteDB's log file) on dispose.</summary>
public sealed class TempFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "backend-docs-" + Guid.NewGuid().ToString("N") + ".db");

    public void Dispose()
    {
        foreach (var file in new[] { Path, Path + ".lock", System.IO.Path.ChangeExtension(Path, null) + "-log.db" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A file still open by a failed test is left for the OS to clean.
            }
        }
    }
}
