using BackEnd.Http;

namespace BackEnd.Pipeline;

/// <summary>A class-based middleware, added with <see cref="ApplicationBuilderExtensions.UseMiddleware{TMiddleware}"/>.</summary>
public interface IMiddleware
{
    /// <summary>Handles a request, calling <paramref name="next"/> to continue the pipeline (or not, to short-circuit).</summary>
    /// <param name="context">The request context.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <returns>A task that completes when the request is handled.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "'next' is the name every middleware author expects.")]
    ValueTask InvokeAsync(HttpContext context, RequestDelegate next);
}
