namespace BackEnd.Routing;

/// <summary>A set of routes sharing a prefix, metadata, filters and a timeout; returned by <c>MapGroup</c>.</summary>
public sealed class RouteGroupBuilder : IEndpointRouteBuilder, IEndpointConventionBuilder
{
    private readonly IEndpointRouteBuilder _parent;

    internal RouteGroupBuilder(IEndpointRouteBuilder parent, string prefix)
    {
        _parent = parent;
        Prefix = prefix;
    }

    /// <summary>Gets the prefix added to every route of the group.</summary>
    public string Prefix { get; }

    /// <inheritdoc/>
    public IServiceProvider ServiceProvider => _parent.ServiceProvider;

    /// <inheritdoc/>
    public IList<object> Metadata { get; } = [];

    /// <inheritdoc/>
    public IList<IEndpointFilter> Filters { get; } = [];

    /// <inheritdoc/>
    public TimeSpan? RequestTimeout { get; set; }

    /// <inheritdoc/>
    public void Add(RouteHandlerBuilder endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        endpoint.Pattern = Internal.RoutePattern.Combine(Prefix, endpoint.Pattern);
        endpoint.Groups.Add(this);
        _parent.Add(endpoint);
    }
}
