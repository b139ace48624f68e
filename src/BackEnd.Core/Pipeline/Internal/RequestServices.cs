using System.Text.Json;
using BackEnd.HttpResults.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Pipeline.Internal;

/// <summary>
/// The request's service provider: creates the request scope on the first resolution only, so requests whose handler
/// never asks for a service pay for no scope; one instance serves a server context for its whole connection.
/// </summary>
internal sealed class RequestServices(IServiceScopeFactory scopeFactory, JsonSerializerOptions jsonOptions)
    : IServiceProvider, IKeyedServiceProvider, ISupportRequiredService
{
    private AsyncServiceScope _scope;
    private IServiceProvider? _provider;
    private bool _active;

    /// <summary>Gets the application's JSON options, so writing a result does not create a scope just to look them up.</summary>
    public JsonSerializerOptions JsonOptions { get; } = jsonOptions;

    /// <summary>Gets the options results are written with (<see cref="JsonSettings.ForResponses"/>), looked up once per connection.</summary>
    public JsonSerializerOptions ResponseJsonOptions => field ??= JsonSettings.ForResponses(JsonOptions);

    /// <summary>Gets a value indicating whether this request resolved anything, so a scope exists and must be disposed.</summary>
    public bool HasScope => _provider is not null;

    private IServiceProvider Provider => _provider ?? CreateScope();

    public object? GetService(Type serviceType) => Provider.GetService(serviceType);

    public object GetRequiredService(Type serviceType) => Provider.GetRequiredService(serviceType);

    public object? GetKeyedService(Type serviceType, object? serviceKey) => Keyed.GetKeyedService(serviceType, serviceKey);

    public object GetRequiredKeyedService(Type serviceType, object? serviceKey) => Keyed.GetRequiredKeyedService(serviceType, serviceKey);

    public void Begin() => _active = true;

    /// <summary>Ends the request: disposes the scope if one was created; later resolutions fail as they would on a disposed scope.</summary>
    public ValueTask EndAsync()
    {
        _active = false;
        if (_provider is null)
        {
            return default;
        }

        var scope = _scope;
        _scope = default;
        _provider = null;
        return scope.DisposeAsync();
    }

    private IKeyedServiceProvider Keyed => Provider as IKeyedServiceProvider
        ?? throw new InvalidOperationException("The application's service provider does not support keyed services.");

    private IServiceProvider CreateScope()
    {
        // Outside a request nothing would dispose the scope; fail like the disposed scope a request used to leave behind.
        ObjectDisposedException.ThrowIf(!_active, this);
        _scope = scopeFactory.CreateAsyncScope();
        return _provider = _scope.ServiceProvider;
    }
}
