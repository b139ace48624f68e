using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using BackEnd.Core.Tests.Server;
using Xunit.Abstractions;

namespace BackEnd.Core.Tests.Reliability;

/// <summary>Past <c>MaxConcurrentConnections</c> new connections are closed at once, memory stays flat, and service resumes when load drops.</summary>
[Collection(ReliabilityGroup.Name)]
public sealed class OverloadTests(ITestOutputHelper output)
{
    private const int Limit = 16;
    private const int Excess = 400;

    [Fact]
    public async Task ConnectionsBeyondTheLimit_RefusedFast_ThenServiceRecovers()
    {
        await using var server = await TestServer.StartAsync(Loopback.Plaintext, o => o.MaxConcurrentConnections = Limit);
        var buffer = new byte[512];
        var held = await Loopback.OpenAsync(server.Port, Limit);
        var heldOpen = true;
        try
        {
            foreach (var socket in held)
            {
                await socket.SendAsync(Loopback.PlaintextRequest, SocketFlags.None);
                Assert.Equal(200, await Loopback.ReadSmallResponseAsync(socket, buffer, TimeSpan.FromSeconds(20)));
            }

            var before = Loopback.LiveHeapBytes();
            var refusals = new List<double>();
            var answered = 0;
            var peak = 0;
            for (var i = 0; i < Excess; i += 50)
            {
                var batch = await Loopback.OpenAsync(server.Port, 50);
                var started = Stopwatch.GetTimestamp();
                foreach (var socket in batch)
                {
                    try
                    {
                        await socket.SendAsync(Loopback.PlaintextRequest, SocketFlags.None);
                    }
                    catch (SocketException)
                    {
                        // Already reset by the server: refused before the request went out.
                    }
                }

                var outcomes = await Task.WhenAll(batch.Select(s => Loopback.WaitForCloseAsync(s, TimeSpan.FromSeconds(20))));
                refusals.Add(Loopback.Seconds(started) * 1000 / batch.Count);
                answered += outcomes.Count(o => !o.Closed || (o.Received.Length > 0 && !o.Received.StartsWith("HTTP/1.1 503 ", StringComparison.Ordinal)));
                peak = Math.Max(peak, server.ServerServices.Connections.Count);
                Loopback.CloseAll(batch);
            }

            var during = Loopback.LiveHeapBytes();

            // The held connections were not disturbed by the refusals.
            foreach (var socket in held)
            {
                await socket.SendAsync(Loopback.PlaintextRequest, SocketFlags.None);
                Assert.Equal(200, await Loopback.ReadSmallResponseAsync(socket, buffer, TimeSpan.FromSeconds(20)));
            }

            Loopback.CloseAll(held);
            heldOpen = false;
            var recovered = await FirstServedAsync(server.Port, buffer);
            var served = 0;
            var sinceRecovery = Stopwatch.GetTimestamp();
            for (var i = 0; i < 200; i++)
            {
                using var socket = await Loopback.ConnectAsync(server.Port);
                await socket.SendAsync(Loopback.PlaintextRequest, SocketFlags.None);
                if (await Loopback.ReadSmallResponseAsync(socket, buffer, TimeSpan.FromSeconds(20)) == 200)
                {
                    served++;
                }
            }

            var rate = served / Loopback.Seconds(sinceRecovery);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"limit {Limit}: {Excess} excess connections refused, {refusals.Average():F2} ms per refusal on average (batches of 50), peak {peak} server connections; " +
                $"live heap {before >> 10} KiB before, {during >> 10} KiB after the refusals; served again after {recovered:F2} s, then {served} fresh connections at {rate:F0}/s; load average {Loopback.LoadAverage()}"));

            Assert.Equal(0, answered);
            Assert.InRange(peak, 0, Limit);
            Assert.InRange(during - before, long.MinValue, 8L * 1024 * 1024);
            Assert.Equal(200, served);
        }
        finally
        {
            if (heldOpen)
            {
                Loopback.CloseAll(held);
            }
        }
    }

    /// <summary>Seconds until a fresh connection is served once the held ones are gone (the server frees slots as they close).</summary>
    private static async Task<double> FirstServedAsync(int port, byte[] buffer)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var socket = await Loopback.ConnectAsync(port);
            try
            {
                await socket.SendAsync(Loopback.PlaintextRequest, SocketFlags.None);
                if (await Loopback.ReadSmallResponseAsync(socket, buffer, TimeSpan.FromSeconds(5)) == 200)
                {
                    return Loopback.Seconds(started);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("No connection was served after the load dropped.");
    }
}
