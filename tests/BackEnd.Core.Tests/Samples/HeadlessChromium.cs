using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BackEnd.Core.Tests.Samples;

/// <summary>
/// Headless Chromium driven over the Chrome DevTools Protocol: opens a page and evaluates JavaScript in it.
/// Only what the browser tests need; the process and its profile folder go away on dispose.
/// </summary>
internal sealed partial class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static string ExecutablePath => Environment.GetEnvironmentVariable("BACKEND_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Starts Chromium on <paramref name="url"/> and attaches to that page.</summary>
    public static async Task<HeadlessChromium> OpenAsync(Uri url)
    {
        var profile = Directory.CreateTempSubdirectory("backend-chromium-").FullName;
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--remote-debugging-port=0", "--remote-allow-origins=*", $"--user-data-dir={profile}", url.ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        var browser = new HeadlessChromium(process, profile);
        try
        {
            _ = process.StandardOutput.ReadToEndAsync();
            var endpoint = await ReadDevToolsEndpointAsync(process).WaitAsync(TimeSpan.FromSeconds(60));
            using var http = new HttpClient();
            string? pageSocket = null;
            for (var attempt = 0; attempt < 100 && pageSocket is null; attempt++)
            {
                using var targets = JsonDocument.Parse(await http.GetStringAsync(new Uri(endpoint, "/json/list")));
                pageSocket = targets.RootElement.EnumerateArray()
                    .Where(static t => t.GetProperty("type").GetString() == "page")
                    .Select(static t => t.GetProperty("webSocketDebuggerUrl").GetString())
                    .FirstOrDefault();
                if (pageSocket is null)
                {
                    await Task.Delay(100);
                }
            }

            await browser._socket.ConnectAsync(new Uri(pageSocket ?? throw new InvalidOperationException("Chromium opened no page.")), CancellationToken.None);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Evaluates an expression in the page and returns its value as JSON text.</summary>
    public async Task<string> EvaluateAsync(string expression)
    {
        var id = ++_nextId;
        var command = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = id,
            ["method"] = "Runtime.evaluate",
            ["params"] = new Dictionary<string, object> { ["expression"] = expression, ["returnByValue"] = true },
        });
        await _socket.SendAsync(Encoding.UTF8.GetBytes(command), WebSocketMessageType.Text, true, CancellationToken.None);
        while (true)
        {
            using var message = JsonDocument.Parse(await ReceiveAsync());
            if (message.RootElement.TryGetProperty("id", out var replyId) && replyId.GetInt32() == id)
            {
                var result = message.RootElement.GetProperty("result").GetProperty("result");
                return result.TryGetProperty("value", out var value) ? value.GetRawText() : "null";
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A crash dump or lock left behind; the temp folder is cleaned by the OS.
        }
    }

    private static async Task<Uri> ReadDevToolsEndpointAsync(Process process)
    {
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            var match = DevToolsLine().Match(line);
            if (match.Success)
            {
                _ = process.StandardError.ReadToEndAsync();
                return new Uri($"http://127.0.0.1:{match.Groups[1].Value}/");
            }
        }

        throw new InvalidOperationException("Chromium exited without opening its DevTools endpoint.");
    }

    private async Task<string> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }

    [GeneratedRegex(@"DevTools listening on ws://[^:]+:(\d+)/")]
    private static partial Regex DevToolsLine();
}
