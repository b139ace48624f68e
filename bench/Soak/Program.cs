using System.Diagnostics;
using System.Globalization;
using Samples.Shop.Tests.Reliability;

// Usage: BackEnd.Bench.Soak [seconds=600] [warm-up seconds=min(120, seconds/5)]. Exits 1 on any error or on growth past the
// bounds the CI soak test uses (open fds +20, RSS +50% after warm-up).
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 600;
var warmUp = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : Math.Max(10, Math.Min(120, seconds / 5));
const int Shoppers = 8;
const int Visitors = 8;

var data = Directory.CreateTempSubdirectory("shop-soak-").FullName;
try
{
    await using var shop = await ShopProcess.StartAsync(data);
    Console.WriteLine($"soak: shop pid {shop.Pid} on 127.0.0.1:{shop.Port}, data {data}; {seconds} s, warm-up {warmUp} s, {Shoppers} shoppers, {Visitors} visitors");
    var load = await ShopLoad.PrepareAsync(shop, Shoppers, Visitors);
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var stopwatch = Stopwatch.StartNew();
    var running = load.RunAsync(stop.Token);
    (long Rss, int Fds, long Requests)? warm = null;
    long peakRss = 0;
    var peakFds = 0;
    long lastRequests = 0;
    var lastElapsed = TimeSpan.Zero;
    Console.WriteLine("soak:   time  requests   req/s  errors  RSS MiB  fds");
    while (!stop.IsCancellationRequested)
    {
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, seconds)), CancellationToken.None);
        var (rss, fds, requests, elapsed) = (shop.ReadRssKiB(), shop.CountOpenFds(), load.Requests, stopwatch.Elapsed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak: {elapsed.TotalSeconds,5:F0}s {requests,9} {(requests - lastRequests) / (elapsed - lastElapsed).TotalSeconds,7:F0} {load.Errors,7} {rss / 1024.0,8:F1} {fds,4}"));
        (lastRequests, lastElapsed) = (requests, elapsed);
        if (warm is null && elapsed.TotalSeconds >= warmUp)
        {
            warm = (rss, fds, requests);
        }
        else if (warm is not null)
        {
            peakRss = Math.Max(peakRss, rss);
            peakFds = Math.Max(peakFds, fds);
        }
    }

    await running.WaitAsync(TimeSpan.FromMinutes(2));
    var end = (Rss: shop.ReadRssKiB(), Fds: shop.CountOpenFds());
    var w = warm ?? (end.Rss, end.Fds, 0);
    peakRss = Math.Max(peakRss, end.Rss);
    peakFds = Math.Max(peakFds, end.Fds);
    Console.WriteLine($"soak: requests {load.Requests} ({load.Requests - w.Requests} after warm-up), errors {load.Errors}");
    Console.WriteLine($"soak: RSS MiB after warm-up {w.Rss / 1024.0:F1}, peak after {peakRss / 1024.0:F1}, end {end.Rss / 1024.0:F1}; open fds after warm-up {w.Fds}, peak after {peakFds}, end {end.Fds}");
    foreach (var error in load.FirstErrors)
    {
        Console.WriteLine("soak: error: " + error);
    }

    var ok = load.Errors == 0 && peakFds <= w.Fds + 20 && peakRss <= w.Rss * 3 / 2;
    Console.WriteLine(ok ? "soak: PASS" : "soak: FAIL (errors, or fds +20 / RSS +50% after warm-up exceeded)");
    return ok ? 0 : 1;
}
finally
{
    Directory.Delete(data, recursive: true);
}
