namespace BackEnd.Core.Tests.Samples;

/// <summary>A fact that needs headless Chromium at /usr/bin/chromium (or BACKEND_TEST_CHROMIUM); skipped with the reason when it is missing.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(HeadlessChromium.ExecutablePath))
        {
            Skip = $"Chromium is not installed at {HeadlessChromium.ExecutablePath}; run .ci/browser.sh (apt-get install chromium) to run this browser test.";
        }
    }
}
