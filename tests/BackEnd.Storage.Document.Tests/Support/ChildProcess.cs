using System.Diagnostics;
using BackEnd.Storage.Document.Internal;

namespace BackEnd.Storage.Document.Tests.Support;

/// <summary>The entry point of this assembly when a test runs it as a second process: it opens a LiteDB file and writes one document.</summary>
public static class ChildProcess
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["open-litedb", var path, var name])
        {
            return 2;
        }

        try
        {
            await using var store = Stores.LiteDb(path);
            await store.GetCollection<Sample>("samples").InsertAsync(new Sample { Code = name });
            Console.WriteLine("written");
            return 0;
        }
        catch (StorageException exception)
        {
            Console.WriteLine(exception.GetType().Name + ": " + exception.Message);
            return 1;
        }
    }

    /// <summary>Runs this assembly as a child process, bounded to a minute, and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
