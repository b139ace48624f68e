using System.Collections.Concurrent;
using System.Diagnostics;
using BackEnd.Hosting;
using BackEnd.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackEnd.Core.Tests.Server;

/// <summary>
/// Log lines written while a request runs carry its trace ids in a scope (W3C Trace Context example ids, §3.2), so logs
/// and traces can be joined; the scope exists only while the category BackEnd.Server.Request logs.
/// </summary>
public sealed class RequestLogScopeTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ParentSpanId = "00f067aa0ba902b7";

    private static readonly Action<ILogger, string, Exception?> Handled = LoggerMessage.Define<string>(LogLevel.Information, new EventId(1), "handled {Path}");

    [Fact]
    public async Task Log_WithTraceParent_ScopeCarriesTheClientsTraceId()
    {
        var sink = new ScopeSink();
        await using var server = await StartAsync(sink);
        await using var client = await server.ConnectAsync();

        await client.SendAsync($"GET /logged HTTP/1.1\r\nHost: a\r\ntraceparent: 00-{TraceId}-{ParentSpanId}-01\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response!.Status);
        var scope = Assert.Single(sink.Entries, e => e.Message == "handled /logged").Scope;
        Assert.Equal(TraceId, scope["TraceId"]);
        Assert.Equal(ParentSpanId, scope["ParentId"]);
        Assert.Matches("^[0-9a-f]{16}$", (string)scope["SpanId"]!);
        Assert.NotEqual(ParentSpanId, scope["SpanId"]);
        Assert.Equal("/logged", scope["RequestPath"]);
        Assert.Equal(response.BodyText, scope["RequestId"]);
    }

    [Fact]
    public async Task Log_WhileTracing_ScopeIdsAreTheRequestActivitys()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == "BackEnd.Server",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var sink = new ScopeSink();
        string? traceId = null;
        string? spanId = null;
        await using var server = await StartAsync(sink, () =>
        {
            traceId = Activity.Current?.TraceId.ToHexString();
            spanId = Activity.Current?.SpanId.ToHexString();
        });
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET /traced-log HTTP/1.1\r\nHost: a\r\n\r\n");
        _ = await client.ReadResponseAsync();

        var scope = Assert.Single(sink.Entries, e => e.Message == "handled /traced-log").Scope;
        Assert.NotNull(traceId);
        Assert.Equal(traceId, scope["TraceId"]);
        Assert.Equal(spanId, scope["SpanId"]);
        Assert.False(scope.ContainsKey("ParentId"));
    }

    [Fact]
    public async Task Log_TwoRequestsOnOneConnection_EachHasItsOwnIds()
    {
        var sink = new ScopeSink();
        await using var server = await StartAsync(sink);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\n");
        _ = await client.ReadResponseAsync();
        _ = await client.ReadResponseAsync();

        var one = Assert.Single(sink.Entries, e => e.Message == "handled /one").Scope;
        var two = Assert.Single(sink.Entries, e => e.Message == "handled /two").Scope;
        Assert.Matches("^[0-9a-f]{32}$", (string)one["TraceId"]!);
        Assert.NotEqual(one["TraceId"], two["TraceId"]);
        Assert.NotEqual(one["RequestId"], two["RequestId"]);
        Assert.Equal("/two", two["RequestPath"]);
    }

    [Fact]
    public async Task Log_RequestCategoryOff_LinesHaveNoRequestScope()
    {
        var sink = new ScopeSink();
        await using var server = await StartAsync(sink, configureLogging: l => l.AddFilter("BackEnd.Server.Request", LogLevel.None));
        await using var client = await server.ConnectAsync();

        await client.SendAsync($"GET /unscoped HTTP/1.1\r\nHost: a\r\ntraceparent: 00-{TraceId}-{ParentSpanId}-01\r\n\r\n");
        _ = await client.ReadResponseAsync();

        var entry = Assert.Single(sink.Entries, e => e.Message == "handled /unscoped");
        Assert.False(entry.Scope.ContainsKey("TraceId"));
    }

    private static Task<TestServer> StartAsync(ScopeSink sink, Action? inHandler = null, Action<ILoggingBuilder>? configureLogging = null) =>
        TestServer.StartAsync((IBackEndBuilder b) =>
        {
            b.Services.AddSingleton<ILoggerProvider>(sink);
            b.Services.AddLogging(l => configureLogging?.Invoke(l));
            b.Run(_ => context =>
            {
                inHandler?.Invoke();
                Handled(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("App"), context.Request.Path, null);
                return context.Response.WriteAsync(System.Text.Encoding.UTF8.GetBytes(context.TraceIdentifier));
            });
        });

    /// <summary>A logging provider that keeps each line with the key/value pairs of every scope around it.</summary>
    private sealed class ScopeSink : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<(string Message, Dictionary<string, object?> Scope)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new SinkLogger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class SinkLogger(ScopeSink sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => sink._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
                sink._scopes.ForEachScope(
                    static (value, target) =>
                    {
                        if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                        {
                            foreach (var pair in pairs)
                            {
                                target[pair.Key] = pair.Value;
                            }
                        }
                    },
                    scope);
                sink.Entries.Enqueue((formatter(state, exception), scope));
            }
        }
    }
}
