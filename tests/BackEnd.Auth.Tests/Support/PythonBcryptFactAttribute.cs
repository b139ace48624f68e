using System.Diagnostics;

namespace BackEnd.Auth.Tests.Support;

/// <summary>A fact that needs Debian's python3-bcrypt (C bcrypt) as an independent implementation; skipped, with the reason, when it is missing.</summary>
public sealed class PythonBcryptFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> Missing = new(Probe);

    public PythonBcryptFactAttribute()
    {
        if (Missing.Value is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? Probe()
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is missing; install python3 and python3-bcrypt (apt-get install python3-bcrypt) to cross-check bcrypt.";
        }

        using var process = Process.Start(new ProcessStartInfo(Python, ["-c", "import bcrypt"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.WaitForExit(30_000);
        return process.ExitCode == 0 ? null : "python3-bcrypt is not installed (apt-get install python3-bcrypt); the cross-check against C bcrypt is skipped.";
    }
}
