using BackEnd.Hosting;
using BackEnd.HttpResults;
using BackEnd.Routing;
using BackEnd.Storage;
using BackEnd.Storage.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Telemetry;

/// <summary>The sample's composition, shared by <c>Program.cs</c> and the tests that run the sample.</summary>
public static partial class TelemetryApp
{
    /// <summary>The SQLite database the sample uses when <c>ConnectionStrings:Default</c> is not set.</summary>
    public const string DefaultConnectionString = "Data Source=telemetry.db";

    /// <summary>The <c>service.name</c> resource attribute of everything the sample exports.</summary>
    public const string ServiceName = "backend-sample-telemetry";

    /// <summary>The names of the activity sources and meters BackEnd emits on, which OpenTelemetry has to subscribe to by name.</summary>
    public static readonly string[] SourceNames = ["BackEnd.Server", "BackEnd.Storage.Sql"];

    /// <summary>Registers the sample's storage, JSON metadata and endpoints.</summary>
    /// <param name="builder">The BackEnd builder of the host.</param>
    /// <param name="connectionString">The SQLite connection string of the items table.</param>
    /// <returns>The same builder.</returns>
    public static IBackEndBuilder AddTelemetrySample(this IBackEndBuilder builder, string connectionString)
    {
        return builder
            .AddJsonSerializerContext(TelemetryJsonContext.Default)
            .AddSqlStorage(o => o.UseSqlite(connectionString).AddMigrationsFromAssembly(typeof(TelemetryApp).Assembly))
            .Configure(app =>
            {
                app.MapGet("/plaintext", () => "Hello, World!");
                app.MapGet("/items/{id:long}", async (long id, IRepository<Item, long> items, ILogger<Item> logger, CancellationToken cancellationToken) =>
                {
                    var item = await items.GetAsync(id, cancellationToken);
                    LogItemRead(logger, id, item is not null);
                    return item is null ? Results.NotFound() : Results.Ok(new ItemRecord(item.Id, item.Name));
                });

                // An unhandled exception: the server answers 500 and marks the span as an error with error.type.
                app.MapGet("/fail", string () => throw new InvalidOperationException("The sample fails on purpose."));
            });
    }

    /// <summary>
    /// Subscribes OpenTelemetry to BackEnd's activity sources and meters; the caller adds the exporters
    /// (console or OTLP in <c>Program.cs</c>, in-memory in the tests).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <returns>The OpenTelemetry builder, to add exporters to.</returns>
    public static IOpenTelemetryBuilder AddTelemetryInstrumentation(this IServiceCollection services)
    {
        return services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(t => t.AddSource(SourceNames))
            .WithMetrics(m => m.AddMeter(SourceNames))
            .WithLogging(static _ => { }, static o => o.IncludeScopes = true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Item {Id} read, found: {Found}")]
    private static partial void LogItemRead(ILogger logger, long id, bool found);
}
