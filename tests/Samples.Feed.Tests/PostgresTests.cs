using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Samples.Feed.Tests;

/// <summary>The sample on PostgreSQL (<c>ConnectionStrings:Postgres</c>): its own migrations, paging and deletes, in a schema of its own.</summary>
public sealed class PostgresTests
{
    [PostgresFact]
    public async Task Feed_OnPostgres_PostsPagesAndDeletes()
    {
        var schema = "feed_" + Guid.NewGuid().ToString("N");
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString) { SearchPath = schema }.ConnectionString;
        await ExecuteAsync($"CREATE SCHEMA {schema}");
        try
        {
            await using var feed = await FeedHost.StartAsync(postgres: connectionString);
            using var alice = await feed.SignInAsync("alice");
            using var moderator = await feed.SignInAsync(FeedHost.Moderator, FeedHost.ModeratorPassword, register: false);
            var first = await PostsContractTests.PostAsync(alice, "first 👨‍👩‍👧‍👦");
            var second = await PostsContractTests.PostAsync(alice, "second");
            var third = await PostsContractTests.PostAsync(alice, "third");

            using var page1 = JsonDocument.Parse(await alice.GetStringAsync("/api/posts?limit=2"));
            var next = page1.RootElement.GetProperty("next").GetString();
            using var page2 = JsonDocument.Parse(await alice.GetStringAsync("/api/posts?limit=2&cursor=" + Uri.EscapeDataString(next!)));
            using var deleted = await moderator.DeleteAsync($"/api/posts/{second}");

            Assert.Equal([third, second], page1.RootElement.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
            Assert.Equal("first 👨‍👩‍👧‍👦", page2.RootElement.GetProperty("items")[0].GetProperty("text").GetString());
            Assert.Equal(first, page2.RootElement.GetProperty("items")[0].GetProperty("id").GetInt64());
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/posts/{second}")).StatusCode);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP SCHEMA {schema} CASCADE");
        }
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
