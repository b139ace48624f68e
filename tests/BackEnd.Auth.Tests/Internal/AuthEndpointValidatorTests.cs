using System.Net;
using BackEnd.Hosting;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Storage.InMemory;
using BackEnd.Testing;

namespace BackEnd.Auth.Tests.Internal;

public sealed class AuthEndpointValidatorTests
{
    [Fact]
    public async Task Start_RouteNamesUndefinedPolicy_FailsNamingRoutePolicyAndDefinedOnes()
    {
        var error = await StartFailureAsync(b => b.AddInMemoryStorage().AddAuth(o =>
        {
            o.Authorization.AddPolicy("Pro", p => p.RequireClaim("plan", "pro"));
            o.Authorization.AddPolicy("Admin", p => p.RequireRole("admin"));
        }).Configure(app => app.MapGroup("/reports").RequireAuthorization("Auditor").MapGet("/daily", () => "d")));

        Assert.Contains("GET /reports/daily", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Auditor'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Admin', 'Pro'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RequireRoleWithoutAddAuth_FailsInsteadOfLeavingTheRouteOpen()
    {
        var error = await StartFailureAsync(b => b.AddInMemoryStorage().Configure(app => app.MapDelete("/posts/{id:int}", (int id) => id).RequireRole("admin")));

        Assert.Contains("DELETE /posts/{id:int}", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddAuth()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DefinedPolicy_StartsAndEnforces()
    {
        await using var host = await BackEndTestHost.StartAsync(b => b.AddInMemoryStorage().AddAuth(o =>
            o.Authorization.AddPolicy("Pro", p => p.RequireClaim("plan", "pro"))).Configure(app => app.MapGet("/pro", () => "pro").RequireAuthorization("Pro")));
        using var client = host.CreateClient();

        var response = await client.GetAsync(new Uri("/pro", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<InvalidOperationException> StartFailureAsync(Action<IBackEndBuilder> build)
    {
        BackEndTestHost? host = null;
        try
        {
            host = await BackEndTestHost.StartAsync(build);
        }
        catch (Exception ex)
        {
            for (var current = ex; current is not null; current = current.InnerException)
            {
                if (current is InvalidOperationException invalid)
                {
                    return invalid;
                }
            }

            throw;
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        throw new Xunit.Sdk.XunitException("The host started; it should have refused the configuration.");
    }
}
