namespace BackEnd.Routing;

/// <summary>Runs code around a route handler: before it (and may short-circuit by not calling next) and after it.</summary>
public interface IEndpointFilter
{
    /// <summary>Runs the filter.</summary>
    /// <param name="context">The bound arguments and the HTTP context.</param>
    /// <param name="next">The next filter, or the handler.</param>
    /// <returns>The handler's result, or a replacement such as an <see cref="Http.IResult"/>.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "'next' is the name every filter author expects.")]
    ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next);
}
