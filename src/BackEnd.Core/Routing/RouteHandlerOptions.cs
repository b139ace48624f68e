namespace BackEnd.Routing;

/// <summary>Limits applied while binding handler parameters; validated at start-up.</summary>
public sealed class RouteHandlerOptions
{
    /// <summary>Gets or sets the largest JSON or form request body bound to a handler parameter or read with <c>ReadFormAsync</c>, in bytes; larger bodies get 413.</summary>
    /// <value>Default: 1 MiB (1,048,576 bytes).</value>
    public long MaxJsonBodySize { get; set; } = RouteHandlerDefaults.MaxJsonBodySize;
}
