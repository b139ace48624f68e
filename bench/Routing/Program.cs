using BackEnd.Bench.Routing;
using BenchmarkDotNet.Running;

if (args is ["--alloc"])
{
    await AllocationProbe.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
