using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Samples.Shop.Tests.Reliability;

/// <summary>
/// samples/Shop as a real child process (the built Shop.dll beside this assembly) on 127.0.0.1 with a port of its own choice,
/// over a data folder that survives it, so a test can stop it with SIGTERM or SIGKILL and start it again on the same files.
/// No xunit here: bench/Soak compiles this file too.
/// </summary>
internal sealed partial class ShopProcess : IAsyncDisposable
{
    public const string AdminUserName = "admin";
    public const string AdminPassword = "reliability-admin-password";
    public const string UserPassword = "a-good-password-1";
    private const int LogLines = 300;

    private readonly Process _process;
    private readonly Queue<string> _log = new();
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ShopProcess(Process process, string dataPath)
    {
        _process = process;
        DataPath = dataPath;
    }

    public string DataPath { get; }

    public int Port { get; private set; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the shop wrote (stdout and stderr), for failure messages.</summary>
    public string RecentLog
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    /// <summary>Starts Shop.dll on <paramref name="dataPath"/> and waits, bounded, until it logs the address it listens on.</summary>
    public static async Task<ShopProcess> StartAsync(string dataPath, TimeSpan? startTimeout = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Shop.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Shop.dll is not beside the test assembly: build the project that references samples/Shop.", dll);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataPath,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in new[]
        {
            ("--urls", "http://127.0.0.1:0"),
            ("--Shop:DataPath", dataPath),
            ("--Shop:AdminUserName", AdminUserName),
            ("--Shop:AdminPassword", AdminPassword),

            // One log line per request would make the pipe the bottleneck; the address and the stop are still logged.
            ("--Logging:LogLevel:Default", "Warning"),
            ("--Logging:LogLevel:BackEnd.Server", "Information"),
            ("--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information"),
        })
        {
            start.ArgumentList.Add(key);
            start.ArgumentList.Add(value);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var shop = new ShopProcess(process, dataPath);
        process.OutputDataReceived += (_, e) => shop.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => shop.OnLine(e.Data);
        process.Exited += (_, _) => shop._listening.TrySetException(new InvalidOperationException("Shop exited before listening:\n" + shop.RecentLog));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            shop.Port = await shop._listening.Task.WaitAsync(startTimeout ?? TimeSpan.FromMinutes(2));
            return shop;
        }
        catch
        {
            await shop.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends SIGTERM, as a service manager or a container runtime does to stop the shop gracefully.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {Pid} exited with {kill.ExitCode}.");
        }
    }

    /// <summary>SIGKILL: the process dies at once, with whatever it had not written yet.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGKILL without waiting, for the caller that must not take another step first.</summary>
    public void KillNow()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Waits, bounded, for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>The resident set size in KiB, from /proc/&lt;pid&gt;/status.</summary>
    public long ReadRssKiB()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"No VmRSS in /proc/{Pid}/status.");
    }

    /// <summary>How many file descriptors the process holds open (sockets, database files, pipes).</summary>
    public int CountOpenFds() => Directory.GetFileSystemEntries($"/proc/{Pid}/fd").Length;

    /// <summary>A client for setup and checks; each has its own connections. Sign-ins hash with bcrypt cost 12, slow on a busy machine.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromMinutes(3) };

    /// <summary>Registers the user (unless it is the admin) and returns a bearer token for it.</summary>
    public async Task<string> SignInAsync(string userName)
    {
        using var client = CreateClient();
        var password = userName == AdminUserName ? AdminPassword : UserPassword;
        if (userName != AdminUserName)
        {
            using var registered = await client.PostAsJsonAsync("/auth/register", new { userName, password });
            registered.EnsureSuccessStatusCode();
        }

        using var login = await client.PostAsJsonAsync("/auth/login", new { userName, password, token = true });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Enqueue(line);
            if (_log.Count > LogLines)
            {
                _log.Dequeue();
            }
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
