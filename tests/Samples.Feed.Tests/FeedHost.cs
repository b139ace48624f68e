using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackEnd.Auth;
using BackEnd.Hosting;
using BackEnd.Testing;
using Feed;
using Microsoft.Extensions.Configuration;

namespace Samples.Feed.Tests;

/// <summary>samples/Feed on the in-memory test host (or a real socket), with its data in a fresh temporary folder.</summary>
internal sealed class FeedHost : IAsyncDisposable
{
    public const string Password = "correct-horse-battery";
    public const string Moderator = "mod";
    public const string ModeratorPassword = "moderator-staple-7";

    private readonly string? _ownedFolder;

    private FeedHost(BackEndTestHost host, string? ownedFolder)
    {
        Host = host;
        _ownedFolder = ownedFolder;
    }

    public BackEndTestHost Host { get; }

    /// <summary>Starts the sample (on SQLite, or on PostgreSQL when <paramref name="postgres"/> is set); <paramref name="dataPath"/> (kept afterwards) or a temporary folder (deleted with the host) holds its data.</summary>
    public static async Task<FeedHost> StartAsync(bool realServer = false, bool withModerator = true, string? dataPath = null, string? postgres = null)
    {
        var owned = dataPath is null;
        var folder = dataPath ?? Directory.CreateTempSubdirectory("backend-feed-").FullName;
        var settings = new Dictionary<string, string?> { ["Feed:DataPath"] = folder, ["ConnectionStrings:Postgres"] = postgres };
        if (withModerator)
        {
            settings["Feed:ModeratorUserName"] = Moderator;
            settings["Feed:ModeratorPassword"] = ModeratorPassword;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        void Configure(IBackEndBuilder b) => b.AddFeed(configuration).AddAuth(o => o.Passwords.BCryptWorkFactor = 4);
        try
        {
            var host = realServer ? await BackEndTestHost.StartServerAsync(Configure) : await BackEndTestHost.StartAsync(Configure);
            return new FeedHost(host, owned ? folder : null);
        }
        catch when (owned)
        {
            Cleanup(folder);
            throw;
        }
    }

    /// <summary>A client signed in with the session cookie, sending the session's CSRF token on every request.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = Password, bool register = true, bool csrf = true)
    {
        var client = Host.CreateClient();
        if (register)
        {
            using var registered = await client.PostAsJsonAsync("/auth/register", new { userName, password });
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        using var login = await client.PostAsJsonAsync("/auth/login", new { userName, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        if (csrf)
        {
            using var token = JsonDocument.Parse(await client.GetStringAsync("/auth/csrf"));
            client.DefaultRequestHeaders.Add("X-CSRF-Token", token.RootElement.GetProperty("token").GetString());
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_ownedFolder is not null)
        {
            Cleanup(_ownedFolder);
        }
    }

    private static void Cleanup(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
