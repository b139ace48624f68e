namespace BackEnd.Routing;

/// <summary>The next step of an endpoint filter pipeline: another filter or the handler.</summary>
/// <param name="context">The invocation context.</param>
/// <returns>The result of the handler or of a filter that short-circuited.</returns>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Mirrors RequestDelegate.")]
public delegate ValueTask<object?> EndpointFilterDelegate(EndpointFilterInvocationContext context);
