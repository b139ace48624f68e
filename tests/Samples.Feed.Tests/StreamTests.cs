using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Samples.Feed.Tests;

/// <summary><c>GET /api/posts/stream</c>: server-sent events for new and deleted posts, read in memory as they are flushed.</summary>
public sealed class StreamTests
{
    [Fact]
    public async Task Stream_PostThenDelete_SendsPostEventWithJsonAndDeleteEventWithId()
    {
        await using var feed = await FeedHost.StartAsync();
        using var alice = await feed.SignInAsync("alice");
        using var watcher = feed.Host.CreateClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await watcher.GetAsync("/api/posts/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var id = await PostsContractTests.PostAsync(alice, "live 😀");
        var posted = await ReadEventAsync(reader, timeout.Token);
        using var deleted = await alice.DeleteAsync($"/api/posts/{id}");
        var removed = await ReadEventAsync(reader, timeout.Token);

        Assert.Equal("post", posted.Type);
        using var json = JsonDocument.Parse(posted.Data);
        Assert.Equal(id, json.RootElement.GetProperty("id").GetInt64());
        Assert.Equal("alice", json.RootElement.GetProperty("author").GetString());
        Assert.Equal("live 😀", json.RootElement.GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(("delete", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), removed);
    }

    [Fact]
    public async Task Stream_RefusedRequests_SendNothing()
    {
        await using var feed = await FeedHost.StartAsync();
        using var alice = await feed.SignInAsync("alice");
        using var bob = await feed.SignInAsync("bob");
        var id = await PostsContractTests.PostAsync(alice, "first");
        using var watcher = feed.Host.CreateClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await watcher.GetAsync("/api/posts/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        using var forbidden = await bob.DeleteAsync($"/api/posts/{id}");
        using var invalid = await bob.PostAsJsonAsync("/api/posts", new { text = " " });
        var marker = await PostsContractTests.PostAsync(bob, "marker");
        var first = await ReadEventAsync(reader, timeout.Token);

        // The first event is the marker: the refused delete and the invalid post published nothing.
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("post", first.Type);
        using var json = JsonDocument.Parse(first.Data);
        Assert.Equal(marker, json.RootElement.GetProperty("id").GetInt64());
    }

    /// <summary>Reads one event (skipping heartbeat comments) as its type and its data lines joined.</summary>
    private static async Task<(string Type, string Data)> ReadEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string type = "message";
        var data = new List<string>();
        for (var lines = 0; lines < 1000; lines++)
        {
            var line = await reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("The stream ended before an event.");
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    return (type, string.Join('\n', data));
                }

                continue;
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line["data: ".Length..]);
            }
        }

        throw new InvalidOperationException("No event within 1000 lines.");
    }
}
