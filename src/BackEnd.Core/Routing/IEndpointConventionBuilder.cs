namespace BackEnd.Routing;

/// <summary>Something that carries conventions shared by endpoints: a single route or a route group.</summary>
public interface IEndpointConventionBuilder
{
    /// <summary>Gets the metadata added to the endpoints (for example authorization requirements).</summary>
    IList<object> Metadata { get; }

    /// <summary>Gets the filters run around the handlers, first added runs outermost; group filters run outside route filters.</summary>
    IList<IEndpointFilter> Filters { get; }

    /// <summary>Gets or sets the request timeout; an inner group or the route itself overrides an outer group.</summary>
    TimeSpan? RequestTimeout { get; set; }
}
