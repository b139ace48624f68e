using BackEnd.Http;

namespace BackEnd.Routing;

/// <summary>What an endpoint filter sees: the HTTP context and the bound handler arguments.</summary>
public sealed class EndpointFilterInvocationContext
{
    internal EndpointFilterInvocationContext(HttpContext httpContext, object?[] arguments)
    {
        HttpContext = httpContext;
        ArgumentArray = arguments;
    }

    /// <summary>Gets the HTTP context.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>Gets the bound arguments in handler-parameter order; a filter may replace them.</summary>
    public IList<object?> Arguments => ArgumentArray;

    internal object?[] ArgumentArray { get; }

    /// <summary>Gets an argument cast to its type.</summary>
    /// <typeparam name="T">The parameter type.</typeparam>
    /// <param name="index">The parameter position.</param>
    /// <returns>The argument.</returns>
    public T GetArgument<T>(int index) => (T)Arguments[index]!;
}
