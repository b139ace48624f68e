using BackEnd.Http;

namespace BackEnd.HttpResults.Internal;

/// <summary>Copies a stream (or a file opened lazily) to the response; the stream is disposed afterwards.</summary>
internal sealed class StreamResult(Func<Stream?> open, string contentType, string? downloadName) : IResult
{
    public async ValueTask ExecuteAsync(HttpContext httpContext)
    {
        var stream = open();
        if (stream is null)
        {
            await ProblemWriter.WriteAsync(httpContext, 404, "The file does not exist.").ConfigureAwait(false);
            return;
        }

        await using (stream.ConfigureAwait(false))
        {
            var response = httpContext.Response;
            response.StatusCode = 200;
            response.ContentType = contentType;
            if (stream.CanSeek)
            {
                response.ContentLength = stream.Length - stream.Position;
            }

            if (downloadName is not null)
            {
                response.Headers["Content-Disposition"] =
                    "attachment; filename=\"" + downloadName.Replace("\"", string.Empty, StringComparison.Ordinal) + "\"; filename*=UTF-8''" + Uri.EscapeDataString(downloadName);
            }

            await stream.CopyToAsync(response.Body, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
