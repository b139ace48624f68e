namespace BackEnd.Browser.Testing;

/// <summary>A fact that needs headless Chromium (Debian's <c>chromium</c>); skipped with the reason when it is missing.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium.ExecutablePath))
        {
            Skip = $"Chromium is not installed at {Chromium.ExecutablePath}; run .ci/browser.sh (apt-get install chromium) to run this browser test.";
        }
    }
}
