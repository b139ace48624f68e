using System.Net;
using BackEnd.Core.Tests.Testing;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.HttpResults;
using BackEnd.Routing;
using Microsoft.Extensions.DependencyInjection;
using static BackEnd.Core.Tests.Routing.BindingTests;

namespace BackEnd.Core.Tests.Pipeline;

public sealed class PipelineTests
{
    [Fact]
    public async Task Use_SeveralMiddleware_RunInRegistrationOrder()
    {
        var order = new List<string>();
        await using var test = await TestApp.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                order.Add("first-in");
                await next(context);
                order.Add("first-out");
            });
            app.UseMiddleware<RecordingMiddleware>();
            app.MapGet("/", () =>
            {
                order.Add("handler");
                return "ok";
            });
        }, services: s => s.AddSingleton(order));

        await test.Client.GetStringAsync("/");

        Assert.Equal(["first-in", "class-in", "handler", "class-out", "first-out"], order);
    }

    [Fact]
    public async Task Use_MiddlewareShortCircuits_HandlerNotRun()
    {
        var ran = false;
        await using var test = await TestApp.StartAsync(app =>
        {
            app.Use((context, next) => BackEnd.Http.Results.StatusCode(418).ExecuteAsync(context));
            app.MapGet("/", () => ran = true);
        });

        var response = await test.Client.GetAsync("/");

        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.False(ran);
    }

    [Fact]
    public async Task Handler_Throws_Returns500ProblemWithoutDetailsInProduction()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/boom", string () => throw new InvalidOperationException("secret")));

        var response = await test.Client.GetAsync("/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        var problem = await ReadProblem(response);
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.Equal("/boom", problem.GetProperty("instance").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task Handler_Throws_IncludesExceptionInDevelopment()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/boom", string () => throw new InvalidOperationException("secret")), environment: "Development");

        var response = await test.Client.GetAsync("/boom");

        Assert.Contains("secret", (await ReadProblem(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handler_ThrowsAfterResponseStarted_AbortsConnection()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/half", async (HttpResponse response) =>
        {
            await response.WriteAsync("partial"u8.ToArray());
            throw new InvalidOperationException("late");
        }));

        await Assert.ThrowsAsync<HttpRequestException>(() => test.Client.GetAsync("/half"));
    }

    [Fact]
    public async Task Request_ScopedServices_DisposedAtEndIncludingAsyncDisposable()
    {
        var tracker = new DisposalTracker();
        await using var test = await TestApp.StartAsync(
            app => app.MapGet("/", (ScopedThing thing, AsyncScopedThing asyncThing) => "ok"),
            services: s => s.AddSingleton(tracker).AddScoped<ScopedThing>().AddScoped<AsyncScopedThing>());

        await test.Client.GetStringAsync("/");
        await test.Client.GetStringAsync("/");

        Assert.Equal(2, tracker.Disposed);
        Assert.Equal(2, tracker.DisposedAsync);
    }

    [Fact]
    public async Task Request_SameScopeWithinRequest_SameInstance()
    {
        await using var test = await TestApp.StartAsync(
            app => app.MapGet("/", (ScopedThing a, HttpContext context) => ReferenceEquals(a, context.RequestServices.GetRequiredService<ScopedThing>())),
            services: s => s.AddSingleton(new DisposalTracker()).AddScoped<ScopedThing>());

        var text = await test.Client.GetStringAsync("/");

        Assert.Equal("true", text);
    }

    [Fact]
    public async Task Client_Disconnects_CancelsHandlerToken()
    {
        var started = new TaskCompletionSource();
        var cancelled = new TaskCompletionSource<bool>();
        await using var test = await TestApp.StartAsync(app => app.MapGet("/slow", async (CancellationToken token) =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                cancelled.SetResult(true);
                throw;
            }
        }));
        using var cts = new CancellationTokenSource();

        var request = test.Client.GetAsync("/slow", cts.Token);
        await started.Task;
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        Assert.True(await cancelled.Task);
    }

    [Fact]
    public async Task Filter_RunsBeforeAndAfterHandler()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/f/{n:int}", (int n) => n * 2)
            .AddEndpointFilter(async (context, next) =>
            {
                var n = context.GetArgument<int>(0);
                context.Arguments[0] = n + 1;
                var result = await next(context);
                return "filtered:" + result;
            }));

        var text = await test.Client.GetStringAsync("/f/1");

        Assert.Equal("filtered:4", text);
    }

    [Fact]
    public async Task Filter_ShortCircuits_HandlerNotRun()
    {
        var ran = false;
        await using var test = await TestApp.StartAsync(app =>
        {
            var group = app.MapGroup("/admin").AddEndpointFilter((context, next) => ValueTask.FromResult<object?>(BackEnd.Http.Results.Forbidden()));
            group.MapGet("/x", () => ran = true);
        });

        var response = await test.Client.GetAsync("/admin/x");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(ran);
    }

    [Fact]
    public async Task Filter_GroupFilterRunsOutsideRouteFilter()
    {
        var order = new List<string>();
        await using var test = await TestApp.StartAsync(app =>
        {
            var group = app.MapGroup("/g").AddEndpointFilter(async (c, next) =>
            {
                order.Add("group");
                return await next(c);
            });
            group.MapGet("/x", () => "x").AddEndpointFilter(async (c, next) =>
            {
                order.Add("route");
                return await next(c);
            });
        });

        await test.Client.GetStringAsync("/g/x");

        Assert.Equal(["group", "route"], order);
    }

    [Fact]
    public async Task Filter_ClassWithInjectedService_Runs()
    {
        await using var test = await TestApp.StartAsync(
            app => app.MapGroup("/g").AddEndpointFilter<SuffixFilter>().MapGet("/x", () => "x"),
            services: s => s.AddSingleton(new DisposalTracker()));

        var text = await test.Client.GetStringAsync("/g/x");

        Assert.Equal("x!", text);
    }

    [Fact]
    public async Task RequestTimeout_HandlerGivesUp_Returns504()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/slow", async (CancellationToken token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return "never";
        }).WithRequestTimeout(TimeSpan.FromMilliseconds(1)));

        var response = await test.Client.GetAsync("/slow");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
    }

    public sealed class RecordingMiddleware(List<string> order) : IMiddleware
    {
        public async ValueTask InvokeAsync(HttpContext context, RequestDelegate next)
        {
            order.Add("class-in");
            await next(context);
            order.Add("class-out");
        }
    }

    public sealed class SuffixFilter(DisposalTracker tracker) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            Assert.NotNull(tracker);
            return await next(context) + "!";
        }
    }

    public sealed class DisposalTracker
    {
        public int Disposed { get; set; }

        public int DisposedAsync { get; set; }
    }

    public sealed class ScopedThing(DisposalTracker tracker) : IDisposable
    {
        public void Dispose() => tracker.Disposed++;
    }

    public sealed class AsyncScopedThing(DisposalTracker tracker) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            tracker.DisposedAsync++;
            return ValueTask.CompletedTask;
        }
    }
}
