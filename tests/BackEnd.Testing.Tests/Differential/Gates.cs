using System.Collections.Concurrent;

namespace BackEnd.Testing.Tests.Differential;

/// <summary>Named one-shot signals shared by the differential app and its requests (both hosts run in this process).</summary>
internal static class Gates
{
    /// <summary>The longest a case waits for a signal; a host that never sends it is reported, not hung on.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static readonly ConcurrentDictionary<string, TaskCompletionSource> s_gates = new();

    public static void Open(string name) => Get(name).TrySetResult();

    /// <summary>True when the signal came within <see cref="Bound"/> (or <paramref name="bound"/>).</summary>
    public static async Task<bool> WaitAsync(string name, TimeSpan? bound = null)
    {
        try
        {
            await Get(name).Task.WaitAsync(bound ?? Bound);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static TaskCompletionSource Get(string name) =>
        s_gates.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
