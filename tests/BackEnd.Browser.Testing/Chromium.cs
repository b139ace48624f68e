using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace BackEnd.Browser.Testing;

/// <summary>
/// One headless Chromium per test class (use it as an xunit class fixture); each scenario opens its own
/// <see cref="IBrowserContext"/>, so cookies and storage never leak between users or tests.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Debian's Chromium, or the path in <c>BACKEND_TEST_CHROMIUM</c>.</summary>
    public static string ExecutablePath { get; } =
        Environment.GetEnvironmentVariable("BACKEND_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>The launched browser; available after <see cref="InitializeAsync"/>.</summary>
    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser starts in InitializeAsync.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            return; // The tests are skipped by ChromiumFactAttribute; nothing to launch.
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }

    /// <summary>A fresh context (a separate user: own cookies and storage) with one page, rooted at <paramref name="baseUrl"/>.</summary>
    public async Task<IPage> NewPageAsync(Uri baseUrl)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString() });
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Runs a scenario on <paramref name="page"/>; when it fails, saves a screenshot under artifacts/test-results/screenshots
    /// (named after the calling test) before rethrowing, so a CI failure shows what the browser showed.
    /// </summary>
    public static async Task RunAsync(IPage page, Func<Task> scenario, [CallerMemberName] string name = "")
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(scenario);
        try
        {
            await scenario();
        }
        catch
        {
            var folder = Path.Combine(FindArtifacts(), "test-results", "screenshots");
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{DateTime.UtcNow:HHmmssfff}.png"), FullPage = true });
            throw;
        }
    }

    private static string FindArtifacts()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BackEnd.sln")))
            {
                return Path.Combine(directory.FullName, "artifacts");
            }
        }

        return Path.Combine(Path.GetTempPath(), "backend-artifacts");
    }
}
