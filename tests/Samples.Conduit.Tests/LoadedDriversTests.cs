using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Samples.Conduit.Tests;

/// <summary>
/// Conduit on SQLite runs as its own process (this test process loads Npgsql for the PostgreSQL suite) and serves the
/// routes the benchmark loads; its memory map then shows which database drivers the runtime loaded: SQLite's, and not
/// PostgreSQL's or MySQL's (1.7 MB of images the app never uses).
/// </summary>
public sealed partial class LoadedDriversTests
{
    private static readonly string[] Tags = ["x", "y"];

    [LinuxFact]
    public async Task ASqliteApp_ServingRequests_HasNotLoadedNpgsqlOrMySqlConnector()
    {
        var app = typeof(global::Conduit.ConduitApp).Assembly.Location;
        Assert.True(File.Exists(Path.ChangeExtension(app, ".runtimeconfig.json")), "Conduit.runtimeconfig.json should be copied next to Conduit.dll.");
        var folder = Directory.CreateTempSubdirectory("conduit-drivers-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { app, "--urls", "http://127.0.0.1:0", "--Conduit:DataPath", folder, "--Logging:LogLevel:Default=Information" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
            var output = new System.Text.StringBuilder();
            string? address = null;
            while (address is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                output.AppendLine(line);
                address = ListeningOn().Match(line) is { Success: true } match ? match.Groups[1].Value : null;
            }

            Assert.True(address is not null, $"Conduit did not say where it listens (exited: {process.HasExited}): {output}{(process.HasExited ? await errors : "")}");
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None); // keep draining, so logging never blocks
            using var client = new HttpClient { BaseAddress = new Uri(address + "/api/") };
            var registered = await client.PostAsJsonAsync("users", new { user = new { username = "drivers", email = "drivers@example.com", password = "drivers-password-1" } }, timeout.Token);
            registered.EnsureSuccessStatusCode();
            var token = JsonNode.Parse(await registered.Content.ReadAsStringAsync(timeout.Token))!["user"]!["token"]!.GetValue<string>();
            client.DefaultRequestHeaders.Authorization = new("Token", token);
            var created = await client.PostAsJsonAsync("articles", new { article = new { title = "Drivers", description = "d", body = "b", tagList = Tags } }, timeout.Token);
            created.EnsureSuccessStatusCode();
            foreach (var path in new[] { "articles", "articles/drivers", "tags", "user", "articles/drivers/comments" })
            {
                (await client.GetAsync(path, timeout.Token)).EnsureSuccessStatusCode();
            }

            var maps = await File.ReadAllTextAsync($"/proc/{process.Id}/maps", timeout.Token);
            Assert.Contains("Microsoft.Data.Sqlite.dll", maps, StringComparison.Ordinal); // the check sees loaded assemblies
            Assert.DoesNotContain("Npgsql.dll", maps, StringComparison.Ordinal);
            Assert.DoesNotContain("MySqlConnector.dll", maps, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s]+)")]
    private static partial Regex ListeningOn();

    /// <summary>A fact that reads /proc; skipped, with the reason shown, on other systems.</summary>
    private sealed class LinuxFactAttribute : FactAttribute
    {
        public LinuxFactAttribute()
        {
            if (!OperatingSystem.IsLinux())
            {
                Skip = "Reads /proc/<pid>/maps, which only Linux has.";
            }
        }
    }
}
