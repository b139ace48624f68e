using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BackEnd.Auth;
using BackEnd.Hosting;
using BackEnd.Testing;
using Conduit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Samples.Conduit.Tests;

/// <summary>samples/Conduit composed as its Program.cs does, in the in-memory test host, on a fresh SQLite file.</summary>
public sealed class ConduitHost : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("conduit-tests-").FullName;
    private BackEndTestHost _host = null!;
    private HttpClient _client = null!;
    private readonly string _schema = "conduit_" + Guid.NewGuid().ToString("N")[..12];
    private int _users;

    public IServiceProvider Services => _host.Services;

    public async Task InitializeAsync()
    {
        string? postgres = null;
        if (UsePostgres)
        {
            // A schema of its own, so the sample's tables never meet other suites' tables in the shared test database.
            var server = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!;
            await using (var connection = new Npgsql.NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                await using var create = new Npgsql.NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
                await create.ExecuteNonQueryAsync();
            }

            postgres = server + ";Search Path=" + _schema;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Conduit:DataPath"] = _folder,
            ["ConnectionStrings:Conduit"] = postgres,
        }).Build();
        _host = await BackEndTestHost.StartAsync(b =>
        {
            b.AddConduit(configuration);

            // bcrypt's minimum cost: the tests register many users and are not about hashing strength.
            b.Services.Configure<AuthOptions>(o => o.Passwords.BCryptWorkFactor = 4);
            if (Clock is not null)
            {
                b.Services.AddSingleton(Clock);
            }
        });
        _client = _host.CreateClient();
    }

    /// <summary>Gets or sets the clock the app runs on; the system's when null.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Gets or sets whether to run on BACKEND_TEST_POSTGRES instead of SQLite.</summary>
    public bool UsePostgres { get; init; }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        if (UsePostgres)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var connection = new Npgsql.NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable));
            await connection.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Registers a user with a name unique in this host and returns its name and token.</summary>
    public async Task<(string Name, string Token)> RegisterAsync(string? name = null)
    {
        name ??= "user" + Interlocked.Increment(ref _users) + "_" + Guid.NewGuid().ToString("N")[..6];
        var response = await SendAsync(HttpMethod.Post, "/api/users", null,
            $$$"""{"user":{"username":"{{{name}}}","email":"{{{name}}}@example.com","password":"correct horse battery"}}""");
        Assert.Equal(HttpStatusCode.Created, response.Status);
        return (name, response.Json!["user"]!["token"]!.GetValue<string>());
    }

    /// <summary>Creates an article and returns its slug.</summary>
    public async Task<string> CreateArticleAsync(string token, string title = "A title", params string[] tags)
    {
        var tagList = string.Join(",", tags.Select(t => "\"" + t + "\""));
        var response = await SendAsync(HttpMethod.Post, "/api/articles", token,
            $$$"""{"article":{"title":"{{{title}}}","description":"about it","body":"the text","tagList":[{{{tagList}}}]}}""");
        Assert.Equal(HttpStatusCode.Created, response.Status);
        return response.Json!["article"]!["slug"]!.GetValue<string>();
    }

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? token = null, string? json = null, string? traceParent = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (traceParent is not null)
        {
            request.Headers.Add("traceparent", traceParent);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var isJson = response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true && text.Length > 0;
        return new Reply(response.StatusCode, isJson ? JsonNode.Parse(text) : null, text);
    }

    public Task<Reply> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, token);
}

/// <summary>A response: status, parsed JSON body (when JSON) and the text.</summary>
public sealed record Reply(HttpStatusCode Status, JsonNode? Json, string Text)
{
    /// <summary>The messages of a 422 body for one field.</summary>
    public string[] ErrorsOf(string field) =>
        Json?["errors"]?[field]?.AsArray().Select(n => n!.GetValue<string>()).ToArray() ?? [];
}
