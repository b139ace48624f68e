using System;
using BackEnd.Bench.Auth;

// bench/Auth/run.sh starts "--mode backend" and "--mode kestrel" side by side and runs "--mode hash" once; the other
// arguments (--urls, --cost) reach the host's configuration.
var mode = Array.IndexOf(args, "--mode") is var at && at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
return mode switch
{
    "backend" => await BackEndApp.RunAsync(args),
    "kestrel" => await KestrelApp.RunAsync(args),
    "hash" => await HashBench.RunAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: BackEnd.Bench.Auth --mode backend|kestrel --urls http://127.0.0.1:PORT [--cost 12] | --mode hash [--rounds N]");
    return 2;
}
