using System.Net;
using BackEnd.Http;

namespace BackEnd.Testing.Internal;

/// <summary>Turns an <see cref="HttpRequestMessage"/> into a context, runs the application and turns the context into a response.</summary>
internal sealed class InMemoryHandler(RequestDelegate application, IServiceProvider services) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var remote = request.Options.TryGetValue(BackEndTestHost.RemoteIpAddressKey, out var address) ? address : IPAddress.Loopback;
        using var context = new TestHttpContext(request, body, services, remote);
        await using (cancellationToken.Register(static state => ((TestHttpContext)state!).ClientGone(), context).ConfigureAwait(false))
        {
            await application(context).ConfigureAwait(false);
            try
            {
                await context.Response.CompleteAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException) when (!context.Response.HasStarted)
            {
                // A head refused after the handler returned: the server answers its own 500 and closes the connection.
                await WriteServerErrorAsync(context.Response).ConfigureAwait(false);
            }

            await context.Response.RunCompletedAsync().ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (context.IsAborted)
        {
            throw new HttpRequestException("The application aborted the connection.");
        }

        return ToResponse(request, context.Response);
    }

    private static async Task WriteServerErrorAsync(TestHttpResponse response)
    {
        var body = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.1","title":"Internal Server Error","status":500,"detail":"An unexpected error occurred."}"""u8.ToArray();
        response.Headers.Clear();
        response.StatusCode = 500;
        response.ContentType = "application/problem+json";
        response.ContentLength = body.Length;
        response.Headers["Connection"] = "close";
        await response.WriteAsync(body).ConfigureAwait(false);
    }

    private static HttpResponseMessage ToResponse(HttpRequestMessage request, TestHttpResponse response)
    {
        var bytes = request.Method == HttpMethod.Head ? [] : response.Buffer.ToArray();
        var message = new HttpResponseMessage((HttpStatusCode)response.StatusCode)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(bytes),
        };
        message.Content.Headers.Clear();
        foreach (var (name, values) in response.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                message.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        return message;
    }
}
