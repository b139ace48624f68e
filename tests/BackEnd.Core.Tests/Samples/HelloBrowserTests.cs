using BackEnd.Browser.Testing;
using BackEnd.Hosting;
using BackEnd.Server;
using Hello;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;

namespace BackEnd.Core.Tests.Samples;

/// <summary>samples/Hello's page in headless Chromium: the live parts (server-sent events and the WebSocket echo) work in a real browser.</summary>
public sealed class HelloBrowserTests(Chromium chromium) : IClassFixture<Chromium>
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
            var page = await chromium.NewPageAsync(address);
            await Chromium.RunAsync(page, async () =>
            {
                await page.GotoAsync("/");

                await page.WaitForFunctionAsync("document.querySelectorAll('#events .event').length >= 2");
                Assert.Equal(["#1 tick 1", "#2 tick 2"], (await page.Locator("#events .event").AllTextContentsAsync()).Take(2));

                await Assertions.Expect(page.Locator("#ws-status")).ToHaveTextAsync("open");
                await page.FillAsync("#ws-input", "echo from chromium");
                await page.ClickAsync("#ws-form button");
                await Assertions.Expect(page.Locator("#ws-echo")).ToHaveTextAsync("echo from chromium");
            });
            await page.Context.CloseAsync();
        }
        finally
        {
            await host.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
