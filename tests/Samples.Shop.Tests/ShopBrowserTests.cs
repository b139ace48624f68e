using System.Text.RegularExpressions;
using BackEnd.Browser.Testing;
using Microsoft.Playwright;

namespace Samples.Shop.Tests;

/// <summary>The shop's pages in headless Chromium against the shop on a real socket: forms, cookie session and CSRF token together.</summary>
public sealed class ShopBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private ShopServer _shop = null!;

    // Generous waits: CI machines run several builds at once, and a page step waiting is not a failure.
    private const float WaitMilliseconds = 30_000;

    private Uri BaseUrl => _shop.Host.ServerAddress!;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(WaitMilliseconds);
        _shop = await ShopServer.StartAsync(socket: true);
    }

    private async Task<IPage> NewPageAsync()
    {
        var page = await chromium.NewPageAsync(BaseUrl);
        page.Context.SetDefaultTimeout(WaitMilliseconds);
        page.Context.SetDefaultNavigationTimeout(WaitMilliseconds);
        return page;
    }

    public Task DisposeAsync() => _shop.DisposeAndDeleteAsync();

    [ChromiumFact]
    public async Task Register_SignOut_SignIn_ThroughTheForms()
    {
        var page = await NewPageAsync();
        await Chromium.RunAsync(page, async () =>
        {
            await RegisterAsync(page, "paula");
            await Assertions.Expect(page.Locator("#current-user")).ToHaveTextAsync("paula");

            await page.ClickAsync("#sign-out");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin\\.html$"));
            await Assertions.Expect(page.Locator("#nav-signin")).ToBeVisibleAsync();

            await page.FillAsync("#username", "paula");
            await page.FillAsync("#password", "wrong-password-9");
            await page.ClickAsync("#signin-form button");
            await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Wrong user name or password.");

            await SignInAsync(page, "paula", Password);
            await Assertions.Expect(page.Locator("#current-user")).ToHaveTextAsync("paula");
        });
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task AddToCart_CheckOut_SeesTheOrder_AndAnotherUserCannot()
    {
        var page = await NewPageAsync();
        var other = await NewPageAsync();
        await Chromium.RunAsync(page, async () =>
        {
            await RegisterAsync(page, "quinn");
            await page.ClickAsync("#products a.product-link >> text=Hand grinder");
            await Assertions.Expect(page.Locator("h1#name")).ToHaveTextAsync("Hand grinder");
            await page.FillAsync("#quantity", "2");
            await page.ClickAsync("#add-form button");
            await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Added to your cart.");

            await page.ClickAsync("#nav-cart");
            await Assertions.Expect(page.Locator("#cart tbody tr .quantity")).ToHaveTextAsync("2");
            await Assertions.Expect(page.Locator("#total")).ToHaveTextAsync("129.80");
            await page.ClickAsync("#checkout");

            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/orders\\.html#order-\\d+$"));
            var order = page.Locator("section.order");
            await Assertions.Expect(order).ToHaveCountAsync(1);
            await Assertions.Expect(order.Locator(".item")).ToHaveTextAsync("2 × Hand grinder at 64.90");
            var orderId = (await order.GetAttributeAsync("id"))!["order-".Length..];

            await page.GotoAsync("/");
            await Assertions.Expect(page.Locator("#products tr", new() { HasText = "Hand grinder" }).Locator(".stock")).ToHaveTextAsync("10");
            await Assertions.Expect(page.Locator("#history li")).ToHaveTextAsync("Hand grinder");

            await Chromium.RunAsync(other, async () =>
            {
                await RegisterAsync(other, "rosa");
                await other.ClickAsync("#nav-orders");
                await Assertions.Expect(other.Locator("#empty")).ToBeVisibleAsync();
                await Assertions.Expect(other.Locator("section.order")).ToHaveCountAsync(0);
                var direct = await other.GotoAsync($"/api/orders/{orderId}");
                Assert.Equal(404, direct!.Status);
            });
        });
        await page.Context.CloseAsync();
        await other.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Admin_EditsAProduct_TheCatalogShowsIt()
    {
        var admin = await NewPageAsync();
        var shopper = await NewPageAsync();
        await Chromium.RunAsync(admin, async () =>
        {
            await admin.GotoAsync("/signin.html");
            await SignInAsync(admin, ShopServer.AdminUserName, ShopServer.AdminPassword);
            await admin.ClickAsync("#nav-admin");
            await admin.SelectOptionAsync("#product-select", new SelectOptionValue { Label = "Thermos flask" });
            await Assertions.Expect(admin.Locator("#name")).ToHaveValueAsync("Thermos flask");
            await admin.FillAsync("#name", "Thermos flask XL");
            await admin.FillAsync("#price", "27.75");
            await admin.ClickAsync("#save");
            await Assertions.Expect(admin.Locator("#message")).ToHaveTextAsync("Saved Thermos flask XL.");

            await shopper.GotoAsync("/");
            var row = shopper.Locator("#products tr", new() { HasText = "Thermos flask XL" });
            await Assertions.Expect(row.Locator(".price")).ToHaveTextAsync("27.75");
        });
        await admin.Context.CloseAsync();
        await shopper.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task AdminPage_ForAShopper_ShowsNoEditor()
    {
        var page = await NewPageAsync();
        await Chromium.RunAsync(page, async () =>
        {
            await RegisterAsync(page, "sven");
            await Assertions.Expect(page.Locator("#nav-admin")).ToHaveCountAsync(0);
            await page.GotoAsync("/admin.html");
            await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Sign in as an admin to edit the catalog.");
            await Assertions.Expect(page.Locator("#product-form")).ToBeHiddenAsync();
        });
        await page.Context.CloseAsync();
    }

    private const string Password = "a-good-password-1";

    private static async Task RegisterAsync(IPage page, string userName)
    {
        await page.GotoAsync("/register.html");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#register-form button");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^[^?#]*://[^/]+/$"));
        await Assertions.Expect(page.Locator("#current-user")).ToHaveTextAsync(userName);
    }

    private static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#signin-form button");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^[^?#]*://[^/]+/$"));
    }
}
