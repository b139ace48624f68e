using System.Runtime.CompilerServices;

// The routing benchmarks measure the matcher and compiled binders directly, below the public surface.
[assembly: InternalsVisibleTo("BackEnd.Bench.Routing")]
