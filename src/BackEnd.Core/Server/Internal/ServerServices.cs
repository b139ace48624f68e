using System.Collections.Concurrent;
using BackEnd.Hosting.Internal;
using BackEnd.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackEnd.Server.Internal;

/// <summary>What every connection of one server shares: limits in timestamp units, the app, the clock, the Date line, metrics and the live connection set.</summary>
internal sealed class ServerServices
{
    public const string RequestLoggerCategory = "BackEnd.Server.Request";

    private long _now;
    private long _nextConnectionId;

    public ServerServices(
        BackEndServerOptions options,
        RequestDelegate application,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        ServerMetrics? metrics = null,
        IServiceProvider? services = null)
    {
        Options = options;
        Application = application;
        TimeProvider = timeProvider ?? TimeProvider.System;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("BackEnd.Server.Connection");
        RequestLogger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(RequestLoggerCategory);
        Metrics = metrics ?? new ServerMetrics();
        Services = services ?? EmptyServiceProvider.Instance;
        Date = new DateHeader(TimeProvider);
        KeepAliveTicks = ToTicks(options.KeepAliveTimeout);
        HeadersTicks = ToTicks(options.RequestHeadersTimeout);
        BodyGraceTicks = ToTicks(options.MinRequestBodyDataRateGracePeriod);
        ResponseGraceTicks = ToTicks(options.MinResponseDataRateGracePeriod);
        ResponseTicksPerByte = options.MinResponseDataRate > 0 ? TimeProvider.TimestampFrequency / options.MinResponseDataRate : 0;
        _now = TimeProvider.GetTimestamp();
        IdleTrim = IdleMemoryTrim.Create(options.IdleMemoryTrim, TimeProvider);
    }

    public BackEndServerOptions Options { get; }

    public RequestDelegate Application { get; set; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    /// <summary>Gets the logger whose category decides whether requests get a logging scope with their trace ids.</summary>
    public ILogger RequestLogger { get; }

    public ServerMetrics Metrics { get; }

    public IServiceProvider Services { get; }

    public DateHeader Date { get; }

    public long KeepAliveTicks { get; }

    public long HeadersTicks { get; }

    public long BodyGraceTicks { get; }

    public long ResponseGraceTicks { get; }

    /// <summary>Gets the time one response byte may take at the minimum response data rate, in timestamp units; 0 when the check is off.</summary>
    public double ResponseTicksPerByte { get; }

    /// <summary>Gets the coarse clock in <see cref="TimeProvider"/> timestamp units, advanced by the heartbeat; deadlines need no finer resolution.</summary>
    public long Now => Volatile.Read(ref _now);

    public ConcurrentDictionary<long, Http1Connection> Connections { get; } = new();

    /// <summary>Gets the idle-time memory trim, or <see langword="null"/> when <see cref="BackEndServerOptions.IdleMemoryTrim"/> is off.</summary>
    public IdleMemoryTrim? IdleTrim { get; }

    public long LastConnectionId => Volatile.Read(ref _nextConnectionId);

    public long NextConnectionId() => Interlocked.Increment(ref _nextConnectionId);

    /// <summary>Runs once a second: refreshes the clock and the Date line, and lets each connection check its deadline.</summary>
    public void Heartbeat()
    {
        var now = TimeProvider.GetTimestamp();
        Volatile.Write(ref _now, now);
        Date.Refresh();
        foreach (var pair in Connections)
        {
            pair.Value.OnHeartbeat(now);
        }

        AllocationStats.OnHeartbeat(this);
        IdleTrim?.OnHeartbeat(this, now);
    }

    public double TicksToSeconds(long ticks) => (double)ticks / TimeProvider.TimestampFrequency;

    private long ToTicks(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span >= TimeSpan.FromDays(3650)
            ? long.MaxValue / 4
            : (long)(span.TotalSeconds * TimeProvider.TimestampFrequency);

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public static readonly EmptyServiceProvider Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
