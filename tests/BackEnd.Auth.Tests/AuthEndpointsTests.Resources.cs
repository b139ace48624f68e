using System.Net;
using System.Text;
using System.Text.Json;
using BackEnd.Auth.Tests.Support;
using BackEnd.Crud;
using BackEnd.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Auth.Tests;

/// <summary>BackEnd.Auth enforcing per-operation roles on a mapped resource: anyone reads, role <c>admin</c> writes.</summary>
public abstract partial class AuthEndpointsTests
{
    private const string Gadgets = "/api/gadgets";

    [Fact]
    public async Task Resource_AnyoneReadsAdminWrites_AcrossEveryOperation()
    {
        using var admin = await StartResourceAsync();
        using var anonymous = new AuthClient(admin.Http);
        using var member = new AuthClient(admin.Http);
        await RegisterAsync(admin, "root");
        await RegisterAsync(admin, "alice");
        await Services.GetRequiredService<AuthService>().SetRolesAsync("root", ["admin"]);
        await admin.LoginAsync("root", Password);
        await admin.FetchCsrfAsync();
        await member.LoginAsync("alice", Password);
        await member.FetchCsrfAsync();

        // Writes: 401 anonymous (with the bearer challenge), 403 for a signed-in user without the role, 201 for the admin.
        var anonymousCreate = await anonymous.PostAsync(Gadgets, new { name = "lamp" });
        var memberCreate = await member.PostAsync(Gadgets, new { name = "lamp" });
        var adminCreate = await admin.PostAsync(Gadgets, new { name = "lamp" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousCreate.StatusCode);
        Assert.Equal("Bearer", anonymousCreate.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Forbidden, memberCreate.StatusCode);
        Assert.DoesNotContain("anti-forgery", await memberCreate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, adminCreate.StatusCode);
        var id = (await ReadJsonAsync(adminCreate)).GetProperty("id").GetInt64();
        var item = $"{Gadgets}/{id}";

        // Reads: anyone.
        var list = await anonymous.GetAsync(Gadgets);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("lamp", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(item)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(item)).StatusCode);

        // Every other write, each way round.
        foreach (var (method, body) in new (HttpMethod, object?)[] { (HttpMethod.Put, new { name = "desk lamp" }), (HttpMethod.Patch, null), (HttpMethod.Delete, null) })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendWriteAsync(anonymous, method, item, body)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await SendWriteAsync(member, method, item, body)).StatusCode);
            var allowed = await SendWriteAsync(admin, method, item, body);
            Assert.True(allowed.IsSuccessStatusCode, $"{method} by the admin: {(int)allowed.StatusCode} {await allowed.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(item)).StatusCode);
    }

    [Fact]
    public async Task Resource_AdminWriteByCookie_NeedsTheAntiForgeryProof()
    {
        using var admin = await StartResourceAsync();
        await RegisterAsync(admin, "root");
        await Services.GetRequiredService<AuthService>().SetRolesAsync("root", ["admin"]);
        await admin.LoginAsync("root", Password);
        var token = await admin.FetchCsrfAsync();
        admin.Csrf = null;

        var withoutProof = await admin.PostAsync(Gadgets, new { name = "lamp" });
        var crossSite = await admin.PostAsync(Gadgets, new { name = "lamp" }, r => r.Headers.Add("Origin", "https://evil.example"));
        var withToken = await admin.PostAsync(Gadgets, new { name = "lamp" }, r => r.Headers.Add("X-CSRF-Token", token));

        Assert.Equal(HttpStatusCode.Forbidden, withoutProof.StatusCode);
        Assert.Contains("anti-forgery", await withoutProof.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Equal(HttpStatusCode.Created, withToken.StatusCode);
        var list = await admin.GetAsync(Gadgets);
        Assert.Equal(1, (await ReadJsonAsync(list)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Resource_AdminWriteByBearerToken_NeedsNoAntiForgeryProof()
    {
        using var admin = await StartResourceAsync();
        using var member = new AuthClient(admin.Http);
        await RegisterAsync(admin, "root");
        await RegisterAsync(admin, "alice");
        await Services.GetRequiredService<AuthService>().SetRolesAsync("root", ["admin"]);
        admin.Token = await admin.LoginForTokenAsync("root", Password);
        member.Token = await member.LoginForTokenAsync("alice", Password);

        var denied = await member.PostAsync(Gadgets, new { name = "lamp" });
        var created = await admin.PostAsync(Gadgets, new { name = "lamp" });

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, created.Headers.Location!.OriginalString)).StatusCode);
    }

    private async Task<AuthClient> StartResourceAsync()
    {
        var host = await StartHostAsync(null, app =>
        {
            app.MapAuthEndpoints();
            app.MapResource<Gadget, long>(Gadgets, r => r.Endpoints(ResourceOperations.Write, e => e.RequireRole("admin")));
        });
        return CreateClient(host);
    }

    private static Task<HttpResponseMessage> SendWriteAsync(AuthClient client, HttpMethod method, string path, object? body) =>
        method == HttpMethod.Patch
            ? client.SendAsync(method, path, null, r => r.Content = new StringContent("""{"name":"bright lamp"}""", Encoding.UTF8, "application/merge-patch+json"))
            : client.SendAsync(method, path, body);
}
