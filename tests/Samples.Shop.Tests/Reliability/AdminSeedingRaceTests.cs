using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Samples.ScaleOut;
using Xunit.Abstractions;

namespace Samples.Shop.Tests.Reliability;

/// <summary>
/// Three Shop processes started at the same moment on one PostgreSQL database, all with the admin settings: each finds no
/// admin and registers it, so all but one lose the insert race. All must start, with exactly one admin that signs in on each.
/// </summary>
public sealed class AdminSeedingRaceTests(ITestOutputHelper output)
{
    private const int Nodes = 3;
    private const string AdminName = "race-admin";
    private const string AdminPassword = "race-admin-password-1";

    [PostgresFact]
    public async Task ThreeNodesStartTogether_AllStart_OneAdmin_SignInWorksOnEach()
    {
        var server = Environment.GetEnvironmentVariable("BACKEND_TEST_POSTGRES")!;
        var database = "shop_seed_" + Guid.NewGuid().ToString("N")[..12];
        var folder = Directory.CreateTempSubdirectory("shop-seed-").FullName;
        var nodes = new List<SampleProcess>();
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        try
        {
            var clock = Stopwatch.StartNew();
            var port = 20640;
            for (var i = 1; i <= Nodes; i++)
            {
                port = SampleProcess.FreePort(port + 1);
                nodes.Add(SampleProcess.Start("Shop.dll", $"shop-{i}", port, new Dictionary<string, string?>
                {
                    ["ConnectionStrings:Postgres"] = connectionString,
                    ["Shop:DataPath"] = Path.Combine(folder, $"node{i}"),
                    ["Shop:AdminUserName"] = AdminName,
                    ["Shop:AdminPassword"] = AdminPassword,
                }));
            }

            await Task.WhenAll(nodes.Select(n => n.WaitHealthyAsync(TimeSpan.FromSeconds(180))));
            var healthyAfter = clock.Elapsed;

            long admins;
            string roles;
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await using var count = new NpgsqlCommand("SELECT count(*), max(roles) FROM backend_auth_users WHERE id = @id", connection);
                count.Parameters.AddWithValue("id", AdminName);
                await using var reader = await count.ExecuteReaderAsync();
                await reader.ReadAsync();
                admins = reader.GetInt64(0);
                roles = reader.IsDBNull(1) ? "" : reader.GetString(1);
            }

            var created = nodes.Count(n => n.Output.Contains($"Admin {AdminName} created from configuration", StringComparison.Ordinal));
            var createdElsewhere = nodes.Count(n => n.Output.Contains("was created by another node", StringComparison.Ordinal));
            output.WriteLine($"{Nodes} nodes healthy after {healthyAfter.TotalSeconds:F1} s; admin rows {admins} (roles '{roles}'); " +
                $"nodes that created it {created}, that lost the insert race {createdElsewhere}, that found it already there {Nodes - created - createdElsewhere}");

            Assert.All(nodes, n => Assert.False(n.HasExited, n.Output));
            Assert.Equal(1, admins);
            Assert.Equal(1, created);
            foreach (var node in nodes)
            {
                using var client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
                using var wrong = await client.PostAsJsonAsync("/auth/login", new { userName = AdminName, password = AdminPassword + "x", token = true });
                Assert.Equal(System.Net.HttpStatusCode.Unauthorized, wrong.StatusCode);

                using var login = await client.PostAsJsonAsync("/auth/login", new { userName = AdminName, password = AdminPassword, token = true });
                Assert.True(login.IsSuccessStatusCode, $"sign-in on {node.Name}: {(int)login.StatusCode}");
                var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
                using var me = new HttpRequestMessage(HttpMethod.Get, "/auth/me");
                me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var answer = await client.SendAsync(me);
                var user = await answer.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Contains("admin", user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }
}
