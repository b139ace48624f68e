using System.Diagnostics.CodeAnalysis;
using BackEnd.Http;
using BackEnd.HttpResults;
using BackEnd.Routing;
using BackEnd.Routing.Internal;
using BackEnd.Routing.Internal.Binding;
using BackEnd.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BackEnd.Pipeline.Internal;

/// <summary>
/// The application as built at start-up, once: request scope, exception handling, the user's middleware in order, and
/// the router with every compiled endpoint.
/// </summary>
internal sealed class ApplicationPipeline
{
    private readonly IServiceProvider _services;
    private readonly Lock _lock = new();
    private Built? _built;

    public ApplicationPipeline(IServiceProvider services) => _services = services;

    public RequestDelegate RequestDelegate => Build().RequestDelegate;

    public IReadOnlyList<Endpoint> Endpoints => Build().Matcher.Endpoints;

    internal RouteMatcher Matcher => Build().Matcher;

    public static void Register(IServiceCollection services)
    {
        services.TryAddSingleton<ApplicationPipeline>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RequestDelegate>(static sp => sp.GetRequiredService<ApplicationPipeline>().RequestDelegate);
        services.TryAddSingleton(static sp => new LinkGenerator(() => sp.GetRequiredService<ApplicationPipeline>().Endpoints));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PipelineStartup>());

        // The server registers a 404 application with TryAdd; the router takes its place whichever is registered first.
        services.Replace(ServiceDescriptor.Singleton<IRequestDelegateFactory, PipelineRequestDelegateFactory>());
        services.AddOptions<JsonOptions>();
        services.AddOptions<RouteHandlerOptions>()
            .Validate(static o => o.MaxJsonBodySize > 0, "RouteHandlerOptions.MaxJsonBodySize must be greater than zero.")
            .Validate(static o => o.InvalidBodyStatusCode is 400 or 422, "RouteHandlerOptions.InvalidBodyStatusCode must be 400 or 422.")
            .ValidateOnStart();
    }

    private Built Build()
    {
        if (_built is { } built)
        {
            return built;
        }

        lock (_lock)
        {
            return _built ??= BuildCore();
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Handler delegates only get here through the RouteHandlerBuilder constructor, which is annotated.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Handler delegates only get here through the RouteHandlerBuilder constructor, which is annotated.")]
    private Built BuildCore()
    {
        var loggerFactory = _services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("BackEnd.Pipeline");
        var timeProvider = _services.GetRequiredService<TimeProvider>();
        var app = new ApplicationBuilder(_services);
        foreach (var module in _services.GetServices<IRouteModule>())
        {
            module.AddRoutes(app);
        }

        foreach (var configuration in _services.GetServices<ApplicationConfiguration>())
        {
            configuration.Configure(app);
        }

        var json = _services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        json.MakeReadOnly(populateMissingResolver: false);
        var handlerOptions = _services.GetRequiredService<IOptions<RouteHandlerOptions>>().Value;
        var factory = new RequestDelegateFactory(_services, json, handlerOptions.MaxJsonBodySize, handlerOptions.InvalidBodyStatusCode);
        var endpoints = new List<Endpoint>(app.Routes.Count);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var route in app.Routes)
        {
            var metadata = new List<object>();
            var filters = new List<IEndpointFilter>();
            var timeout = route.RequestTimeout;
            for (var i = route.Groups.Count - 1; i >= 0; i--)
            {
                metadata.AddRange(route.Groups[i].Metadata);
                filters.AddRange(route.Groups[i].Filters);
            }

            foreach (var group in route.Groups)
            {
                timeout ??= group.RequestTimeout;
            }

            metadata.AddRange(route.Metadata);
            if (route.Handler is { } handler)
            {
                // The handler's signature describes its parameters and result to the OpenAPI document.
                metadata.Add(handler.Method);
            }
            filters.AddRange(route.Filters);
            var pattern = RoutePattern.Parse(route.Pattern);
            var requestDelegate = factory.Create(route, pattern, filters, timeout is not null);
            if (timeout is { } limit)
            {
                requestDelegate = new TimeoutEndpoint(requestDelegate, limit, timeProvider, logger).InvokeAsync;
            }

            if (route.Name is { } name && !names.TryAdd(name, route.Pattern))
            {
                throw new InvalidOperationException($"The route name '{name}' is used by both '{names[name]}' and '{route.Pattern}'; route names must be unique.");
            }

            endpoints.Add(new Endpoint(pattern.Text, route.HttpMethods, route.Name, metadata, timeout, requestDelegate));
        }

        ValidateEndpoints(endpoints);
        var matcher = RouteMatcher.Build(endpoints);
        RequestDelegate pipeline = new EndpointDispatcher(matcher).InvokeAsync;
        for (var i = app.Middleware.Count - 1; i >= 0; i--)
        {
            pipeline = app.Middleware[i](pipeline);
        }

        var environment = _services.GetService<IHostEnvironment>();
        pipeline = new ExceptionHandlerMiddleware(pipeline, logger, environment?.IsDevelopment() == true).InvokeAsync;
        pipeline = new RequestScopeMiddleware(pipeline, _services.GetRequiredService<IServiceScopeFactory>(), json).InvokeAsync;
        Log.PipelineBuilt(logger, endpoints.Count, app.Middleware.Count);
        return new Built(pipeline, matcher);
    }

    private void ValidateEndpoints(List<Endpoint> endpoints)
    {
        var validators = _services.GetServices<IEndpointValidator>().ToList();
        if (!validators.Any(static v => v.EnforcesAuthorization)
            && endpoints.Find(static e => e.Metadata.Any(static m => m is AuthorizationMetadata)) is { } guarded)
        {
            // Without an enforcing package the metadata is inert, and the route would answer everyone.
            throw new InvalidOperationException(
                $"The endpoint '{guarded.DisplayName}' requires authorization (RequireAuthorization/RequireRole), but nothing enforces it; register authentication and authorization with AddAuth() (BackEnd.Auth).");
        }

        foreach (var validator in validators)
        {
            validator.Validate(endpoints);
        }
    }

    private sealed record Built(RequestDelegate RequestDelegate, RouteMatcher Matcher);
}
