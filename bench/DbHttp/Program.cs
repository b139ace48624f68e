using System;
using BackEnd.Bench.DbHttp;

// bench/DbHttp/run.sh starts "--mode backend" and "--mode kestrel" side by side on one engine; --urls, --engine and --db reach
// the configuration (--db: a SQLite file, or a PostgreSQL/MySQL connection string).
var mode = Array.IndexOf(args, "--mode") is var at && at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
return mode switch
{
    "backend" => await BackEndApp.RunAsync(args),
    "kestrel" => await KestrelApp.RunAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: BackEnd.Bench.DbHttp --mode backend|kestrel --engine sqlite|postgres|mysql --db FILE|CONNECTION-STRING --urls http://127.0.0.1:PORT");
    return 2;
}
