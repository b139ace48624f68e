using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackEndApi;
using Microsoft.Extensions.Configuration;

namespace BackEndApi.Tests;

/// <summary>The app on the in-memory test host: the same server code as production, no socket.</summary>
public sealed class ApiTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery";
    private const string AdminPassword = "admin-staple-battery";
    private readonly string _data = Directory.CreateTempSubdirectory("backendapi-tests-").FullName;
    private BackEndTestHost _host = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["App:DataPath"] = _data,
                ["App:AdminUserName"] = "admin",
                ["App:AdminPassword"] = AdminPassword,
            })
            .Build();
        // A low bcrypt cost keeps the tests fast; production keeps the default (12).
        _host = await BackEndTestHost.StartAsync(b => b.AddApi(configuration).AddAuth(o => o.Passwords.BCryptWorkFactor = 4));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Products_Anonymous_CanReadButNotCreate()
    {
        using var anonymous = _host.CreateClient();

        using var list = JsonDocument.Parse(await anonymous.GetStringAsync("/api/products"));
        using var create = await anonymous.PostAsJsonAsync("/api/products", new { name = "Pen", price = 2.5m, stock = 1 });

        Assert.Equal(3, list.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
    }

    [Fact]
    public async Task Products_Admin_Creates()
    {
        using var admin = await SignInAsync("admin", AdminPassword, register: false);
        using var user = await SignInAsync("alice", Password, register: true);

        using var created = await admin.PostAsJsonAsync("/api/products", new { name = "Pen", description = "Blue", price = 2.5m, stock = 10 });
        using var refused = await user.PostAsJsonAsync("/api/products", new { name = "Pen", price = 2.5m, stock = 1 });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Cart_AddKnownAndUnknownProducts_KeepsTheTotal()
    {
        using var alice = await SignInAsync("alice", Password, register: true);

        using var added = await alice.PostAsJsonAsync("/api/cart/items", new { productId = 1, quantity = 2 });
        using var unknown = await alice.PostAsJsonAsync("/api/cart/items", new { productId = 999, quantity = 1 });
        using var zero = await alice.PostAsJsonAsync("/api/cart/items", new { productId = 1, quantity = 0 });
        using var cart = JsonDocument.Parse(await alice.GetStringAsync("/api/cart"));

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Equal(9.00m, cart.RootElement.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task Cart_Anonymous_Returns401()
    {
        using var anonymous = _host.CreateClient();

        using var response = await anonymous.GetAsync("/api/cart");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpClient> SignInAsync(string userName, string password, bool register)
    {
        var client = _host.CreateClient();
        if (register)
        {
            using var registered = await client.PostAsJsonAsync("/auth/register", new { userName, password });
            registered.EnsureSuccessStatusCode();
        }

        using var login = await client.PostAsJsonAsync("/auth/login", new { userName, password });
        login.EnsureSuccessStatusCode();
        using var csrf = JsonDocument.Parse(await client.GetStringAsync("/auth/csrf"));
        client.DefaultRequestHeaders.Add("X-CSRF-Token", csrf.RootElement.GetProperty("token").GetString());
        return client;
    }
}
