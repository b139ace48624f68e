namespace BackEnd.Routing;

/// <summary>Limits applied while binding handler parameters; validated at start-up.</summary>
public sealed class RouteHandlerOptions
{
    /// <summary>Gets or sets the largest JSON or form request body bound to a handler parameter or read with <c>ReadFormAsync</c>, in bytes; larger bodies get 413.</summary>
    /// <value>Default: 1 MiB (1,048,576 bytes).</value>
    public long MaxJsonBodySize { get; set; } = RouteHandlerDefaults.MaxJsonBodySize;

    /// <summary>
    /// Gets or sets the status of a request body that is well-formed but cannot be bound or is invalid: JSON of the wrong
    /// shape (a missing required member, a value of the wrong type, <c>null</c> where a value is required), a form field
    /// of the wrong type, or a body that fails validation. Set 422 (Unprocessable Content) for APIs that answer these
    /// with 422, as the RealWorld specification does. A body that is not JSON at all (broken syntax), too large (413), of the
    /// wrong media type (415) or missing stays 400. Only 400 and 422 are accepted; anything else fails at start-up.
    /// </summary>
    /// <value>Default: 400.</value>
    public int InvalidBodyStatusCode { get; set; } = RouteHandlerDefaults.InvalidBodyStatusCode;
}
