using System.Net.Http.Json;
using System.Text.Json;
using BackEnd.Auth;
using BackEnd.Hosting;
using BackEnd.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shop;

namespace Samples.Shop.Tests;

/// <summary>Runs samples/Shop as Program.cs composes it, on a fresh data folder (real SQLite and LiteDB files), in memory or on a socket.</summary>
public sealed class ShopServer : IAsyncDisposable
{
    public const string AdminUserName = "shopadmin";
    public const string AdminPassword = "admin-password-for-tests";

    private ShopServer(BackEndTestHost host, string dataPath)
    {
        Host = host;
        DataPath = dataPath;
    }

    public BackEndTestHost Host { get; }

    public string DataPath { get; }

    /// <summary>Starts the shop; <paramref name="settings"/> adds or overrides configuration keys.</summary>
    public static async Task<ShopServer> StartAsync(bool socket = false, string? dataPath = null, IDictionary<string, string?>? settings = null)
    {
        dataPath ??= Directory.CreateTempSubdirectory("shop-tests-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["Shop:DataPath"] = dataPath,
            ["Shop:AdminUserName"] = AdminUserName,
            ["Shop:AdminPassword"] = AdminPassword,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        void Configure(IBackEndBuilder backEnd)
        {
            backEnd.AddShop(configuration);

            // Test speed only: the cheapest bcrypt cost, and no per-IP limit on the many sign-ups of one test.
            backEnd.Services.Configure<AuthOptions>(o =>
            {
                o.Passwords.BCryptWorkFactor = 4;
                o.RegisterPermitsPerMinute = 10_000;
                o.LoginPermitsPerMinute = 10_000;
            });
        }

        var host = socket ? await BackEndTestHost.StartServerAsync(Configure) : await BackEndTestHost.StartAsync(Configure);
        return new ShopServer(host, dataPath);
    }

    /// <summary>A client with its own cookie jar.</summary>
    public HttpClient CreateClient() => Host.CreateClient();

    /// <summary>Registers (unless it is the admin), signs in with the session cookie and sets the CSRF header, as the pages do.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = "a-good-password-1")
    {
        var client = CreateClient();
        if (userName != AdminUserName)
        {
            (await client.PostAsJsonAsync("/auth/register", new { userName, password })).EnsureSuccessStatusCode();
        }
        else
        {
            password = AdminPassword;
        }

        (await client.PostAsJsonAsync("/auth/login", new { userName, password })).EnsureSuccessStatusCode();
        var csrf = await client.GetFromJsonAsync<JsonElement>("/auth/csrf");
        client.DefaultRequestHeaders.Add("X-CSRF-Token", csrf.GetProperty("token").GetString());
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>Stops the shop and deletes its data folder.</summary>
    public async Task DisposeAndDeleteAsync()
    {
        await DisposeAsync();
        Directory.Delete(DataPath, recursive: true);
    }
}
