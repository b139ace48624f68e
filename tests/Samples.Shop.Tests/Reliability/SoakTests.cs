using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Samples.Shop.Tests.Reliability;

/// <summary>
/// Issue 15, soak: mixed Shop traffic against the real process for 60 s in CI (SHOP_SOAK_SECONDS for longer; bench/Soak/run.sh
/// runs ten minutes): no errors, and after a warm-up of a third of the run, no growth of open descriptors or memory beyond a
/// generous bound. Nothing here asserts time.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int Shoppers = 8;
    private const int Visitors = 4;

    [Fact]
    public async Task MixedTraffic_NoErrors_OpenFdsAndRssFlatAfterWarmUp()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("SHOP_SOAK_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var configured) && configured >= 15 ? configured : 60;
        var data = Directory.CreateTempSubdirectory("shop-soak-").FullName;
        try
        {
            await using var shop = await ShopProcess.StartAsync(data);
            var load = await ShopLoad.PrepareAsync(shop, Shoppers, Visitors);
            var startRss = shop.ReadRssKiB();
            var startFds = shop.CountOpenFds();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            var stopwatch = Stopwatch.StartNew();
            var running = load.RunAsync(stop.Token);

            await Task.Delay(TimeSpan.FromSeconds(seconds / 3.0));
            var warmRss = shop.ReadRssKiB();
            var warmFds = shop.CountOpenFds();
            var warmRequests = load.Requests;
            long peakRss = warmRss;
            var peakFds = warmFds;
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(1000, CancellationToken.None);
                peakRss = Math.Max(peakRss, shop.ReadRssKiB());
                peakFds = Math.Max(peakFds, shop.CountOpenFds());
            }

            await running.WaitAsync(TimeSpan.FromMinutes(2));
            var endRss = shop.ReadRssKiB();
            var endFds = shop.CountOpenFds();

            output.WriteLine($"{seconds} s of {Shoppers} shoppers and {Visitors} visitors: {load.Requests} requests ({load.Requests - warmRequests} after warm-up), {load.Errors} errors");
            output.WriteLine($"RSS KiB: start {startRss}, after warm-up {warmRss}, peak {peakRss}, end {endRss}; open fds: start {startFds}, after warm-up {warmFds}, peak {peakFds}, end {endFds}");
            foreach (var error in load.FirstErrors)
            {
                output.WriteLine("error: " + error);
            }

            Assert.True(load.Requests - warmRequests > 0, "no request after the warm-up");
            Assert.Equal(0, load.Errors);
            Assert.InRange(peakFds, 0, warmFds + 20);
            Assert.InRange(peakRss, 0, warmRss * 3 / 2);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
