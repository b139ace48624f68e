namespace BackEnd.Core.Tests.Reliability;

/// <summary>
/// Runs the reliability tests alone: they hold thousands of sockets and read the process's GC heap, which tests running
/// beside them would disturb (and be disturbed by).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityGroup
{
    public const string Name = "Reliability";
}
