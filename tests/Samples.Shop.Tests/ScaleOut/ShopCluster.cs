using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using Samples.ScaleOut;

namespace Samples.Shop.Tests.ScaleOut;

/// <summary>A fact that needs nginx, PostgreSQL and Redis, and says which is missing when skipped.</summary>
public sealed class ScaleOutFactAttribute : FactAttribute
{
    public ScaleOutFactAttribute()
    {
        Skip = ShopCluster.MissingReason;
    }
}

/// <summary>
/// Three Shop processes on loopback ports, all on one PostgreSQL database (SQL, documents, sessions) and one Redis
/// (key/value: history, sign-in limits), started together, behind nginx. Shared by the tests of one class; the test
/// that kills a node leaves the others serving.
/// </summary>
public sealed class ShopCluster : IAsyncLifetime
{
    public const int NodeCount = 3;

    private readonly string _folder = Directory.CreateTempSubdirectory("shop-scale-").FullName;
    private readonly string _database = "shop_scale_" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<SampleProcess> _nodes = [];

    public static string? MissingReason =>
        !File.Exists(NginxProxy.Executable) ? $"{NginxProxy.Executable} is missing; install Debian's nginx (.ci/nginx.sh) to run three Shop nodes behind a proxy."
        : string.IsNullOrWhiteSpace(Server) ? "BACKEND_TEST_POSTGRES is not set; set it to a PostgreSQL connection string to run three Shop nodes on one database."
        : string.IsNullOrWhiteSpace(Redis) ? "BACKEND_TEST_REDIS is not set; set it to a Redis configuration (host:port) to run three Shop nodes on one Redis."
        : null;

    public NginxProxy Proxy { get; private set; } = null!;

    public IReadOnlyList<SampleProcess> Nodes => _nodes;

    public IEnumerable<SampleProcess> LiveNodes => _nodes.Where(n => !n.HasExited);

    public string ConnectionString => new NpgsqlConnectionStringBuilder(Server) { Database = _database }.ConnectionString;

    /// <summary>How long the three nodes took from start to all healthy, for the docs' figures.</summary>
    public TimeSpan StartTime { get; private set; }

    private static string? Server => Environment.GetEnvironmentVariable("BACKEND_TEST_POSTGRES");

    private static string? Redis => Environment.GetEnvironmentVariable("BACKEND_TEST_REDIS");

    public async Task InitializeAsync()
    {
        if (MissingReason is not null)
        {
            return;
        }

        await using (var admin = new NpgsqlConnection(Server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = ConnectionString,
            ["ConnectionStrings:Redis"] = Redis,
            ["Shop:TrustedProxies"] = "127.0.0.1",
            // Every node seals paging cursors with the same key.
            ["BackEnd:Storage:CursorKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var port = 22200;
        for (var i = 1; i <= NodeCount; i++)
        {
            port = SampleProcess.FreePort(port + 1);
            _nodes.Add(SampleProcess.Start("Shop.dll", $"shop-{i}", port, new Dictionary<string, string?>(settings) { ["Shop:DataPath"] = Path.Combine(_folder, $"node{i}") }));
        }

        await Task.WhenAll(_nodes.Select(n => n.WaitHealthyAsync(TimeSpan.FromSeconds(120))));
        StartTime = clock.Elapsed;
        var http = SampleProcess.FreePort(22250);
        Proxy = await NginxProxy.StartAsync(Path.Combine(_folder, "nginx"), [.. _nodes.Select(n => n.Port)], http, SampleProcess.FreePort(http + 1));
    }

    public async Task DisposeAsync()
    {
        Proxy?.Dispose();
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (MissingReason is null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(Server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// A loopback address of this run's clients: sign-up limits count per address in the shared Redis, so each run (and
    /// each client that needs a count of its own) gets a fresh one.
    /// </summary>
    public static IPAddress NewClientAddress() =>
        new([127, (byte)RandomNumberGenerator.GetInt32(10, 250), (byte)RandomNumberGenerator.GetInt32(1, 250), (byte)RandomNumberGenerator.GetInt32(1, 250)]);

    private static readonly IPAddress DefaultClientAddress = NewClientAddress();

    /// <summary>A client of <paramref name="address"/> (the proxy or one node) sharing <paramref name="cookies"/>, connecting from <paramref name="from"/> (default: this run's address).</summary>
    public static HttpClient Client(Uri address, CookieContainer? cookies = null, IPAddress? from = null)
    {
        from ??= DefaultClientAddress;
        var handler = new SocketsHttpHandler
        {
            CookieContainer = cookies ?? new CookieContainer(),
            UseCookies = true,
            // Only the proxy's throwaway certificate is trusted.
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == NginxProxy.CertificateHash },
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        };
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                // The whole 127/8 is loopback on Linux: a second "client machine" without a second machine.
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };

        return new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Registers and signs in through <paramref name="client"/>; returns the CSRF token of the session.</summary>
    public static async Task<string> SignInAsync(HttpClient client, string userName, string password = "a-good-password-1")
    {
        (await client.PostAsJsonAsync("auth/register", new { userName, password })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("auth/login", new { userName, password })).EnsureSuccessStatusCode();
        var csrf = await client.GetFromJsonAsync<JsonElement>("auth/csrf");
        return csrf.GetProperty("token").GetString()!;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
