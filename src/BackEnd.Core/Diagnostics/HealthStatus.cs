namespace BackEnd.Diagnostics;

/// <summary>The state of a checked dependency.</summary>
public enum HealthStatus
{
    /// <summary>The dependency cannot be used (503).</summary>
    Unhealthy,

    /// <summary>The dependency works but not fully.</summary>
    Degraded,

    /// <summary>The dependency works.</summary>
    Healthy,
}
