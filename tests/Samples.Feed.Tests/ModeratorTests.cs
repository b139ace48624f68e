using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Samples.Feed.Tests;

/// <summary>The moderator comes from configuration only; nothing else can make one.</summary>
public sealed class ModeratorTests
{
    private static readonly string[] ModeratorRoles = ["moderator"];

    [Fact]
    public async Task Start_WithoutModeratorConfiguration_SeedsNoModerator()
    {
        await using var feed = await FeedHost.StartAsync(withModerator: false);
        using var client = feed.Host.CreateClient();

        using var login = await client.PostAsJsonAsync("/auth/login", new { userName = FeedHost.Moderator, password = FeedHost.ModeratorPassword });

        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Register_WithARolesMember_DoesNotGrantModerator()
    {
        await using var feed = await FeedHost.StartAsync();
        using var client = feed.Host.CreateClient();
        using var registered = await client.PostAsJsonAsync("/auth/register", new { userName = "mallory", password = FeedHost.Password, roles = ModeratorRoles });
        using var login = await client.PostAsJsonAsync("/auth/login", new { userName = "mallory", password = FeedHost.Password });

        using var me = JsonDocument.Parse(await client.GetStringAsync("/auth/me"));

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(0, me.RootElement.GetProperty("roles").GetArrayLength());
    }

    [Fact]
    public async Task Restart_SameDataFolder_KeepsModeratorAndPosts()
    {
        var folder = Directory.CreateTempSubdirectory("backend-feed-restart-").FullName;
        try
        {
            long id;
            await using (var first = await FeedHost.StartAsync(dataPath: folder))
            {
                using var alice = await first.SignInAsync("alice");
                id = await PostsContractTests.PostAsync(alice, "persisted");
            }

            await using var second = await FeedHost.StartAsync(dataPath: folder);
            using var moderator = await second.SignInAsync(FeedHost.Moderator, FeedHost.ModeratorPassword, register: false);
            using var deleted = await moderator.DeleteAsync($"/api/posts/{id}");

            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Start_ModeratorNameTakenByAnOrdinaryUser_FailsInsteadOfPromotingIt()
    {
        var folder = Directory.CreateTempSubdirectory("backend-feed-taken-").FullName;
        try
        {
            await using (var open = await FeedHost.StartAsync(withModerator: false, dataPath: folder))
            {
                using var squatter = await open.SignInAsync(FeedHost.Moderator);
            }

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FeedHost.StartAsync(dataPath: folder));

            Assert.Contains("is not a moderator", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
