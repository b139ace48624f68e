using System.Diagnostics;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using BackEnd.Hosting;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Realtime;
using BackEnd.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The same four endpoints as bench/Kestrel's realtime part, so bench/realtime.sh drives both servers with one client.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.Configuration["urls"] = "http://127.0.0.1:8090";
}

builder.Services.AddBackEnd(_ => { })
    .AddEventHub<string>()
    .Configure(app =>
    {
        app.MapGet("/plaintext", () => "Hello, World!");

        // Each subscriber's stream: every event published from the moment of the request on.
        app.MapGet("/sse", (EventHub<string> hub) =>
        {
            var subscription = hub.Subscribe();
            return RealtimeResults.ServerSentEvents(ReadAsync(subscription, CancellationToken.None));
        });
        app.MapGet("/subscribers", (EventHub<string> hub) => hub.SubscriberCount.ToString(CultureInfo.InvariantCulture));

        // Publishes count events, intervalMs apart; each carries its publish time (Stopwatch ticks, one clock for all processes here).
        app.MapGet("/broadcast", async (EventHub<string> hub, HttpContext context) =>
        {
            var count = int.Parse(context.Request.Query["count"].ToString(), CultureInfo.InvariantCulture);
            var interval = TimeSpan.FromMilliseconds(int.Parse(context.Request.Query["intervalMs"].ToString(), CultureInfo.InvariantCulture));
            long delivered = 0;
            for (var i = 1; i <= count; i++)
            {
                delivered += hub.Publish(i.ToString(CultureInfo.InvariantCulture) + " " + Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture));
                await Task.Delay(interval, context.RequestAborted);
            }

            return delivered.ToString(CultureInfo.InvariantCulture);
        });

        app.MapWebSocket("/ws", EchoAsync, new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
    });

await builder.Build().RunAsync();

static async IAsyncEnumerable<SseItem<string>> ReadAsync(EventSubscription<string> subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
{
    using (subscription)
    {
        await foreach (var item in subscription.ReadAllAsync(cancellationToken))
        {
            yield return new SseItem<string>(item);
        }
    }
}

static async Task EchoAsync(WebSocket socket, HttpContext context, CancellationToken cancellationToken)
{
    var buffer = new byte[4096];
    while (true)
    {
        var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
        if (result.MessageType == WebSocketMessageType.Close)
        {
            return;
        }

        await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, cancellationToken);
    }
}
