using BackEnd.Browser.Testing;
using Microsoft.Playwright;

namespace Samples.Feed.Tests;

/// <summary>samples/Feed's page in headless Chromium, on a real socket, with one browser context per user.</summary>
public sealed class FeedBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    [ChromiumFact]
    public async Task TwoUsers_PostAppearsLiveInTheOther_OnlyAuthorAndModeratorCanDelete()
    {
        await using var feed = await FeedHost.StartAsync(realServer: true);
        var address = feed.Host.ServerAddress!;
        var alice = await chromium.NewPageAsync(address);
        var bob = await chromium.NewPageAsync(address);
        var moderator = await chromium.NewPageAsync(address);
        try
        {
            await Chromium.RunAsync(alice, async () =>
            {
                await SignInAsync(alice, "alice", FeedHost.Password, register: true);
                await SignInAsync(bob, "bob", FeedHost.Password, register: true);
                await SignInAsync(moderator, FeedHost.Moderator, FeedHost.ModeratorPassword, register: false);

                // Alice posts; Bob and the moderator see it within 2 seconds, without reloading.
                await alice.FillAsync("#post-text", "hello from alice 👋");
                await alice.ClickAsync("#post-submit");
                var inBob = bob.Locator("#posts li", new() { HasText = "hello from alice 👋" });
                await Assertions.Expect(inBob).ToBeVisibleAsync(new() { Timeout = 2_000 });
                await Assertions.Expect(moderator.Locator("#posts li", new() { HasText = "hello from alice" })).ToBeVisibleAsync(new() { Timeout = 2_000 });
                await Assertions.Expect(inBob.Locator(".author")).ToHaveTextAsync("alice");

                // Bob is offered no delete button, and the API refuses him too.
                await Assertions.Expect(inBob.Locator("button.delete")).ToBeHiddenAsync();
                var id = await inBob.GetAttributeAsync("data-id");
                var status = await bob.EvaluateAsync<int>(
                    "async id => (await fetch('/api/posts/' + id, { method: 'DELETE', headers: { 'X-CSRF-Token': (await (await fetch('/auth/csrf')).json()).token } })).status", id);
                Assert.Equal(403, status);
                await Assertions.Expect(alice.Locator("#posts li", new() { HasText = "hello from alice" })).ToBeVisibleAsync();

                // Bob posts and deletes his own post; it goes from Alice's page too.
                await bob.FillAsync("#post-text", "bob was here");
                await bob.ClickAsync("#post-submit");
                var bobsInAlice = alice.Locator("#posts li", new() { HasText = "bob was here" });
                await Assertions.Expect(bobsInAlice).ToBeVisibleAsync(new() { Timeout = 2_000 });
                await Assertions.Expect(bobsInAlice.Locator("button.delete")).ToBeHiddenAsync();
                await bob.Locator("#posts li", new() { HasText = "bob was here" }).Locator("button.delete").ClickAsync();
                await Assertions.Expect(bobsInAlice).ToHaveCountAsync(0, new() { Timeout = 2_000 });

                // The moderator sees a delete button on Alice's post and removes it, live for everyone.
                var inModerator = moderator.Locator("#posts li", new() { HasText = "hello from alice" });
                await inModerator.Locator("button.delete").ClickAsync();
                await Assertions.Expect(bob.Locator("#posts li", new() { HasText = "hello from alice" })).ToHaveCountAsync(0, new() { Timeout = 2_000 });
                await Assertions.Expect(alice.Locator("#posts li", new() { HasText = "hello from alice" })).ToHaveCountAsync(0, new() { Timeout = 2_000 });
                await Assertions.Expect(alice.Locator("#error")).ToBeEmptyAsync();
            });
        }
        finally
        {
            await alice.Context.CloseAsync();
            await bob.Context.CloseAsync();
            await moderator.Context.CloseAsync();
        }
    }

    [ChromiumFact]
    public async Task PostForm_TooLongOrBlank_ShowsTheServersReasonAndPostsNothing()
    {
        await using var feed = await FeedHost.StartAsync(realServer: true);
        var page = await chromium.NewPageAsync(feed.Host.ServerAddress!);
        try
        {
            await Chromium.RunAsync(page, async () =>
            {
                await SignInAsync(page, "carol", FeedHost.Password, register: true);

                await page.FillAsync("#post-text", string.Concat(Enumerable.Repeat("👍🏽", 281)));
                await Assertions.Expect(page.Locator("#post-count")).ToHaveTextAsync("281");
                await page.ClickAsync("#post-submit");
                await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("281");

                await page.FillAsync("#post-text", "   ");
                await page.ClickAsync("#post-submit");
                await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("empty");
                await Assertions.Expect(page.Locator("#posts li")).ToHaveCountAsync(0);

                // Signing out hides the form; signing in again shows it.
                await page.ClickAsync("#logout");
                await Assertions.Expect(page.Locator("#post-form")).ToBeHiddenAsync();
                await SignInAsync(page, "carol", FeedHost.Password, register: false);
            });
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task SignInAsync(IPage page, string userName, string password, bool register)
    {
        if (page.Url is "about:blank")
        {
            await page.GotoAsync("/");
        }

        await Assertions.Expect(page.Locator("#stream-status")).ToHaveTextAsync("open");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync(register ? "#register" : "#login");
        await Assertions.Expect(page.Locator("#me")).ToHaveTextAsync(userName);
    }
}
