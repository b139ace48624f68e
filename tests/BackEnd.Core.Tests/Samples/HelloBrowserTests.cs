using System.Text.Json;
using BackEnd.Hosting;
using BackEnd.Server;
using Hello;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackEnd.Core.Tests.Samples;

/// <summary>samples/Hello's page in headless Chromium: the live parts (server-sent events and the WebSocket echo) work in a real browser.</summary>
public sealed class HelloBrowserTests
{
    [ChromiumFact]
    public async Task IndexPage_InChromium_ShowsTwoEventsAndAWebSocketEcho()
    {
        var folder = Directory.CreateTempSubdirectory("backend-hello-browser-").FullName;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBackEnd(o => o.Urls = "http://127.0.0.1:0")
            .AddHello(Path.Combine(AppContext.BaseDirectory, "wwwroot"), $"Data Source={Path.Combine(folder, "hello.db")}");
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var address = new Uri(host.Services.GetRequiredService<IServerAddresses>().Addresses[0]);
            await using var browser = await HeadlessChromium.OpenAsync(new Uri(address, "/"));

            var events = await WaitForAsync(browser, "document.querySelectorAll('#events .event').length >= 2 ? [...document.querySelectorAll('#events .event')].map(e => e.textContent) : null");
            await WaitForAsync(browser, "document.getElementById('ws-status').textContent === 'open' ? true : null");
            await browser.EvaluateAsync("document.getElementById('ws-input').value = 'echo from chromium'; document.querySelector('#ws-form button').click(); true");
            var echo = await WaitForAsync(browser, "document.getElementById('ws-echo').textContent || null");

            Assert.Equal(["#1 tick 1", "#2 tick 2"], events.EnumerateArray().Take(2).Select(static e => e.GetString()));
            Assert.Equal("echo from chromium", echo.GetString());
        }
        finally
        {
            await host.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Polls until the expression is not null; bounded, so a broken page fails instead of hanging.</summary>
    private static async Task<JsonElement> WaitForAsync(HeadlessChromium browser, string expression)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var json = await browser.EvaluateAsync(expression);
            if (json != "null")
            {
                return JsonDocument.Parse(json).RootElement.Clone();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The page never satisfied: {expression}");
    }
}
