using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using BackEnd.Auth;
using BackEnd.Hosting;
using BackEnd.Storage.InMemory;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Bench.Auth;

/// <summary>
/// Password hashing in process, one verification at a time: BackEnd.Auth's <see cref="BackEnd.Auth.PasswordHasher"/> (bcrypt
/// cost 10 and 12 with the default implementation, the system's crypt library where it loads, and pinned to BCrypt.Net-Next;
/// PBKDF2) next to BCrypt.Net-Next called directly (the managed library: Managed/direct is our overhead) and
/// ASP.NET Core Identity's PasswordHasher (PBKDF2-HMAC-SHA512, 100,000 iterations, its default). For each bcrypt cost it also
/// prints "bcrypt-ours COST HASH_MS VERIFY_MS MIN_HASH_MS MIN_VERIFY_MS" (means, then the fastest single call: on a loaded
/// machine the fastest is the closer estimate of the work itself), which run.sh sets against python3-bcrypt (C) measured the same way.
/// </summary>
internal static class HashBench
{
    private const string Password = "violet-harbor-42";

    public static async Task<int> RunAsync(string[] args)
    {
        var at = Array.IndexOf(args, "--rounds");
        var rounds = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 1;
        Console.WriteLine("scheme                          verify ms/op   verifies/s");
        foreach (var cost in new[] { 10, 12 })
        {
            var hasher = Ours(o => o.BCryptWorkFactor = cost);
            var managed = Ours(o => { o.BCryptWorkFactor = cost; o.BCryptImplementation = BCryptImplementation.Managed; });
            var (oursHash, oursHashMin) = await MeasureHashAsync(hasher, HashCount(cost) * rounds).ConfigureAwait(false);
            var (ours, oursMin) = await MeasureVerifyAsync(hasher, VerifyCount(cost) * rounds).ConfigureAwait(false);
            var (pinned, _) = await MeasureVerifyAsync(managed, VerifyCount(cost) * rounds).ConfigureAwait(false);
            var raw = Measure(() => BCrypt.Net.BCrypt.HashPassword(Password, cost), h => BCrypt.Net.BCrypt.Verify(Password, h), VerifyCount(cost) * rounds);
            Print($"BackEnd.Auth bcrypt cost {cost} ({hasher.BCryptImplementation})", ours);
            Print($"BackEnd.Auth bcrypt cost {cost} (Managed)", pinned);
            Print($"BCrypt.Net-Next cost {cost} direct", raw);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ratios at cost {cost}: ours {hasher.BCryptImplementation}/direct {ours / raw:0.00}, ours Managed/direct {pinned / raw:0.00} (1.00 = no overhead)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bcrypt-ours {cost} {oursHash:0.00} {ours:0.00} {oursHashMin:0.00} {oursMin:0.00}"));
        }

        var pbkdf2 = await MeasureAsync(Ours(o => o.Algorithm = PasswordHashAlgorithm.Pbkdf2Sha512), 8 * rounds).ConfigureAwait(false);
        var identityHasher = new PasswordHasher<string>();
        var identity = Measure(() => identityHasher.HashPassword("bench", Password), h => identityHasher.VerifyHashedPassword("bench", h, Password) != Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed, 16 * rounds);
        Print("BackEnd.Auth PBKDF2-SHA512 210k", pbkdf2);
        Print("Identity PasswordHasher (100k)", identity);
        return 0;
    }

    private static int VerifyCount(int cost) => cost >= 12 ? 4 : 16;

    private static int HashCount(int cost) => cost >= 12 ? 2 : 8;

    private static BackEnd.Auth.PasswordHasher Ours(Action<BackEnd.Auth.PasswordOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBackEnd().AddInMemoryStorage().AddAuth(o => configure(o.Passwords));
        return services.BuildServiceProvider().GetRequiredService<BackEnd.Auth.PasswordHasher>();
    }

    private static async Task<double> MeasureAsync(BackEnd.Auth.PasswordHasher hasher, int count) =>
        (await MeasureVerifyAsync(hasher, count).ConfigureAwait(false)).Mean;

    private static async Task<(double Mean, double Min)> MeasureVerifyAsync(BackEnd.Auth.PasswordHasher hasher, int count)
    {
        var hash = await hasher.HashAsync(Password).ConfigureAwait(false);
        await hasher.VerifyAsync(hash, Password).ConfigureAwait(false);
        var min = double.MaxValue;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var start = watch.Elapsed.TotalMilliseconds;
            var result = await hasher.VerifyAsync(hash, Password).ConfigureAwait(false);
            min = Math.Min(min, watch.Elapsed.TotalMilliseconds - start);
            if (result == BackEnd.Auth.PasswordVerificationResult.Failed)
            {
                throw new InvalidOperationException("The password did not verify.");
            }
        }

        return (watch.Elapsed.TotalMilliseconds / count, min);
    }

    private static async Task<(double Mean, double Min)> MeasureHashAsync(BackEnd.Auth.PasswordHasher hasher, int count)
    {
        await hasher.HashAsync(Password).ConfigureAwait(false);
        var min = double.MaxValue;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var start = watch.Elapsed.TotalMilliseconds;
            await hasher.HashAsync(Password).ConfigureAwait(false);
            min = Math.Min(min, watch.Elapsed.TotalMilliseconds - start);
        }

        return (watch.Elapsed.TotalMilliseconds / count, min);
    }

    private static double Measure(Func<string> hash, Func<string, bool> verify, int count)
    {
        var stored = hash();
        verify(stored);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            if (!verify(stored))
            {
                throw new InvalidOperationException("The password did not verify.");
            }
        }

        return watch.Elapsed.TotalMilliseconds / count;
    }

    private static void Print(string name, double milliseconds) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-32} {milliseconds,10:0.0}   {1000 / milliseconds,10:0.0}"));
}
