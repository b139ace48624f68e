using System;
using BackEnd.Bench.Crud;

// bench/Crud/run.sh starts "--mode backend" and "--mode kestrel" side by side; --urls and --db reach the configuration.
// "--mode probe" (bench/Crud/probe.sh) hosts the backend in-process and reports CPU and allocations per stage of a list request.
var mode = Array.IndexOf(args, "--mode") is var at && at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
return mode switch
{
    "backend" => await BackEndApp.RunAsync(args),
    "kestrel" => await KestrelApp.RunAsync(args),
    "probe" => await Probe.RunAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: BackEnd.Bench.Crud --mode backend|kestrel|probe --urls http://127.0.0.1:PORT --db FILE");
    return 2;
}
