namespace BackEnd.Http;

/// <summary>A value a handler returns that knows how to write itself to the response.</summary>
public interface IResult
{
    /// <summary>Writes the status, headers and body.</summary>
    /// <param name="httpContext">The context of the request.</param>
    /// <returns>A task that completes when the response is written.</returns>
    ValueTask ExecuteAsync(HttpContext httpContext);
}
