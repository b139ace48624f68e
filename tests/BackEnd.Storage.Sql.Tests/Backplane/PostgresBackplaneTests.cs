using BackEnd.Hosting;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Realtime;
using BackEnd.Storage.Testing;
using BackEnd.Storage.Testing.Backplane;
using BackEnd.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BackEnd.Storage.Sql.Tests.Backplane;

/// <summary>The backplane contract on PostgreSQL <c>LISTEN/NOTIFY</c>; a node's connections carry its name as application name.</summary>
[RequiresEnvironmentVariable("BACKEND_TEST_POSTGRES")]
public sealed class PostgresBackplaneTests : EventBackplaneContractTests
{
    private static string Server => Environment.GetEnvironmentVariable("BACKEND_TEST_POSTGRES")!;

    protected override async Task<BackplaneNode> StartNodeAsync(string name, string channel)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(Server) { ApplicationName = name }.ConnectionString;
        var host = await BackEndTestHost.StartAsync(b => b
            .AddPostgresBackplane(connectionString)
            .AddEventHubBackplane<string>(o =>
            {
                o.Channel = channel;
                o.Serialize = s => s;
                o.Deserialize = Deserialize;
            })
            .Configure(app => app.MapGet("/", () => name)));
        return new BackplaneNode(host.Services.GetRequiredService<EventHub<string>>(), host);
    }

    protected override async Task PublishRawAsync(string channel, string message)
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();

        // As a foreign client would send it, and framed as a BackEnd node frames an inline message.
        foreach (var payload in new[] { message, "m" + message })
        {
            await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
            notify.Parameters.AddWithValue("channel", channel);
            notify.Parameters.AddWithValue("payload", payload);
            await notify.ExecuteNonQueryAsync();
        }
    }

    protected override async Task BreakConnectionsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name", connection);
        terminate.Parameters.AddWithValue("name", name);
        Assert.True((long)(await terminate.ExecuteScalarAsync())! >= 1, "the node had no connection to cut");
    }

    [StoreFact]
    public async Task Notify_MessageAtTheInlineLimit_InlineAndOneByteMoreByReference()
    {
        var channel = NewChannel();
        await using var a = await StartNodeAsync("a" + channel, channel);
        await using var b = await StartNodeAsync("b" + channel, channel);
        // "1:{node}:{sequence}:" with a one-digit sequence; the NOTIFY payload adds one byte and must stay under 8,000.
        const int envelope = 2 + 32 + 1 + 1 + 1;
        var fits = new string('a', Sql.Backplane.Internal.PostgresBackplane.MaxInlineBytes - envelope);
        var overByOne = fits + "b";

        a.Hub.Publish(fits);
        a.Hub.Publish(overByOne);

        Assert.Equal(fits, await b.NextAsync());
        Assert.Equal(overByOne, await b.NextAsync());
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var stored = new NpgsqlCommand("SELECT count(*) FROM backend_backplane_messages WHERE channel = @channel", connection);
        stored.Parameters.AddWithValue("channel", channel);
        Assert.Equal(1L, await stored.ExecuteScalarAsync());
    }

    [Fact]
    public void AddEventHubBackplane_BadChannel_RefusedAtRegistration()
    {
        var services = new ServiceCollection();
        foreach (var channel in new[] { "", "has space", "quote\"d", "semi;colon", new string('c', 64), "ünïcode" })
        {
            var error = Assert.Throws<ArgumentException>(() => services.AddBackEnd().AddEventHubBackplane<string>(o =>
            {
                o.Channel = channel;
                o.Serialize = s => s;
                o.Deserialize = s => s;
            }));
            Assert.Contains("ASCII letters, digits", error.Message, StringComparison.Ordinal);
        }
    }
}
