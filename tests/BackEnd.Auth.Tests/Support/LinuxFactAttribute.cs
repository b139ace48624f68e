namespace BackEnd.Auth.Tests.Support;

/// <summary>A fact about Linux's scheduler; skipped, with the reason shown, on other systems.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Thread nice values are Linux's; this system schedules threads another way.";
        }
    }
}
