using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using BackEnd.Http;

namespace Hello;

/// <summary>The sample's endpoints, dispatched by a hand-written switch until the router lands.</summary>
public sealed class HelloApp(string webRoot)
{
    private static readonly byte[] s_plaintext = "Hello, World!"u8.ToArray();

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly StaticFileHandler _static = new(webRoot);

    /// <summary>Handles one request.</summary>
    /// <param name="context">The request context.</param>
    /// <returns>A task that completes when the response is written.</returns>
    public ValueTask HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path;
        var method = request.Method;
        switch (path)
        {
            case "/plaintext":
                return method is "GET" or "HEAD" ? Plaintext(context.Response) : MethodNotAllowed(context.Response, "GET, HEAD");
            case "/json":
                return method == "GET" ? Json(context.Response) : MethodNotAllowed(context.Response, "GET");
            case "/echo":
                return method == "POST" ? EchoAsync(context) : MethodNotAllowed(context.Response, "POST");
        }

        if (path.StartsWith("/users/", StringComparison.Ordinal))
        {
            if (!int.TryParse(path.AsSpan(7), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
            {
                return NotFound(context.Response);
            }

            return method == "GET" ? User(context.Response, id) : MethodNotAllowed(context.Response, "GET");
        }

        if (path == "/static" || path.StartsWith("/static/", StringComparison.Ordinal))
        {
            return method is "GET" or "HEAD" ? _static.ServeAsync(context, path.Length > 8 ? path[8..] : string.Empty) : MethodNotAllowed(context.Response, "GET, HEAD");
        }

        return NotFound(context.Response);
    }

    private static ValueTask Plaintext(HttpResponse response)
    {
        response.ContentType = "text/plain";
        response.ContentLength = s_plaintext.Length;
        return response.WriteAsync(s_plaintext);
    }

    private static ValueTask Json(HttpResponse response)
    {
        response.ContentType = "application/json";
        WriteJson(response.BodyWriter, new JsonMessage("Hello, World!"), HelloJsonContext.Default.JsonMessage);
        return default;
    }

    private static ValueTask User(HttpResponse response, int id)
    {
        response.ContentType = "application/json";
        WriteJson(response.BodyWriter, new UserRecord(id, "user" + id.ToString(CultureInfo.InvariantCulture)), HelloJsonContext.Default.UserRecord);
        return default;
    }

    /// <summary>Serialises straight into the response pipe with a per-thread writer, so the JSON path allocates only the value.</summary>
    private static void WriteJson<T>(PipeWriter body, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        var writer = t_writer;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(body, new JsonWriterOptions { SkipValidation = true });
            t_writer = writer;
        }
        else
        {
            writer.Reset(body);
        }

        JsonSerializer.Serialize(writer, value, typeInfo);
        writer.Reset();
    }

    private static async ValueTask EchoAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (request.ContentType is { } contentType)
        {
            response.ContentType = contentType;
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted);
            foreach (var segment in result.Buffer)
            {
                await response.WriteAsync(segment);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }
    }

    private static ValueTask MethodNotAllowed(HttpResponse response, string allow)
    {
        response.StatusCode = 405;
        response.Headers["Allow"] = allow;
        return default;
    }

    private static ValueTask NotFound(HttpResponse response)
    {
        response.StatusCode = 404;
        return default;
    }
}
