using BackEnd.Http;
using BackEnd.HttpResults.Internal;

namespace BackEnd.Routing.Internal.Binding;

/// <summary>
/// The checks every body reader makes first (absent body, media type, declared length), shared by the JSON and form
/// binders and <see cref="HttpRequestFormExtensions.ReadFormAsync"/>, so their answers and problem texts stay alike.
/// </summary>
internal static class BodyPreamble
{
    public static BodyCheck Check(HttpRequest request, Func<string?, bool> acceptsMediaType, long maxSize)
    {
        var length = request.ContentLength;
        var hasBody = length > 0 || (length is null && request.Headers.ContainsKey("Transfer-Encoding"));
        if (!hasBody)
        {
            return BodyCheck.Absent;
        }

        if (!acceptsMediaType(request.ContentType))
        {
            return BodyCheck.UnsupportedMediaType;
        }

        return length > maxSize ? BodyCheck.TooLarge : BodyCheck.Read;
    }

    /// <summary>The problem for a check other than <see cref="BodyCheck.Read"/>, as a status and a detail naming the parameter.</summary>
    /// <param name="check">The outcome of <see cref="Check"/>.</param>
    /// <param name="kind">How a body is named in texts: <c>JSON</c> or <c>form</c>.</param>
    /// <param name="parameter">The handler parameter, or <see langword="null"/> outside binding.</param>
    /// <param name="contentType">The request's <c>Content-Type</c>.</param>
    /// <param name="maxSize">The size limit.</param>
    public static (int Status, string Detail) Describe(BodyCheck check, BodyMedia kind, string? parameter, string? contentType, long maxSize)
    {
        var forParameter = parameter is null ? "" : $" for parameter '{parameter}'";
        return check switch
        {
            BodyCheck.Absent => (400, $"The {kind.Name} body{forParameter} is required."),
            BodyCheck.UnsupportedMediaType => (415, $"The body{forParameter} must be {kind.Article} (Content-Type: {kind.MediaType}), not '{contentType}'."),
            BodyCheck.TooLarge => (413, TooLarge(maxSize)),
            _ => throw new ArgumentOutOfRangeException(nameof(check)),
        };
    }

    public static string TooLarge(long maxSize) => $"The body is larger than the limit of {maxSize} bytes.";

    /// <summary>Answers a check other than <see cref="BodyCheck.Read"/> with its problem.</summary>
    public static ValueTask RejectAsync(HttpContext context, BodyCheck check, BodyMedia kind, string? parameter, long maxSize)
    {
        var (status, detail) = Describe(check, kind, parameter, context.Request.ContentType, maxSize);
        return ProblemWriter.WriteAsync(context, status, detail);
    }
}
