using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackEndWeb;
using Microsoft.Extensions.Configuration;

namespace BackEndWeb.Tests;

/// <summary>The app on the in-memory test host: the same server code as production, no socket.</summary>
public sealed class PostsTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery";
    private readonly string _data = Directory.CreateTempSubdirectory("backendweb-tests-").FullName;
    private BackEndTestHost _host = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["App:DataPath"] = _data })
            .Build();
        // A low bcrypt cost keeps the tests fast; production keeps the default (12).
        _host = await BackEndTestHost.StartAsync(b => b.AddWebApp(configuration).AddAuth(o => o.Passwords.BCryptWorkFactor = 4));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Post_SignedIn_Returns201AndListsIt()
    {
        using var alice = await SignInAsync("alice");

        using var created = await alice.PostAsJsonAsync("/api/posts", new { text = "hello" });
        using var list = JsonDocument.Parse(await alice.GetStringAsync("/api/posts"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("hello", list.RootElement.GetProperty("items")[0].GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Post_EmptyText_Returns400(string text)
    {
        using var alice = await SignInAsync("alice");

        using var response = await alice.PostAsJsonAsync("/api/posts", new { text });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Delete_SomeoneElsesPost_Returns403()
    {
        using var alice = await SignInAsync("alice");
        using var bob = await SignInAsync("bob");
        using var created = await alice.PostAsJsonAsync("/api/posts", new { text = "mine" });

        using var response = await bob.DeleteAsync(created.Headers.Location);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Stream_NewPost_ArrivesAsAnEvent()
    {
        using var alice = await SignInAsync("alice");
        using var watcher = _host.CreateClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = await watcher.GetAsync("/api/posts/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));

        using var created = await alice.PostAsJsonAsync("/api/posts", new { text = "live" });
        string? line;
        do
        {
            line = await reader.ReadLineAsync(timeout.Token);
        }
        while (line is not null && !line.StartsWith("event: ", StringComparison.Ordinal));

        Assert.Equal("event: post", line);
        Assert.Contains("\"text\":\"live\"", await reader.ReadLineAsync(timeout.Token), StringComparison.Ordinal);
    }

    private async Task<HttpClient> SignInAsync(string userName)
    {
        var client = _host.CreateClient();
        using var registered = await client.PostAsJsonAsync("/auth/register", new { userName, password = Password });
        using var login = await client.PostAsJsonAsync("/auth/login", new { userName, password = Password });
        login.EnsureSuccessStatusCode();
        using var csrf = JsonDocument.Parse(await client.GetStringAsync("/auth/csrf"));
        client.DefaultRequestHeaders.Add("X-CSRF-Token", csrf.RootElement.GetProperty("token").GetString());
        return client;
    }
}
