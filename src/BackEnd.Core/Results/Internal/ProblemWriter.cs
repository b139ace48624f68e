using System.Diagnostics;
using System.Text.Json;
using BackEnd.Http;

namespace BackEnd.HttpResults.Internal;

/// <summary>Fills in and writes RFC 9457 problem bodies; written by hand so it needs no serializer metadata.</summary>
internal static class ProblemWriter
{
    public static ProblemDetails Create(int status, string? detail = null, string? title = null)
    {
        var (type, defaultTitle) = Describe(status);
        return new ProblemDetails { Status = status, Type = type, Title = title ?? defaultTitle, Detail = detail };
    }

    public static ValueTask WriteAsync(HttpContext context, int status, string? detail = null) =>
        WriteAsync(context, Create(status, detail));

    /// <summary>Writes a validation problem with the status the route handlers are configured for (400 or 422).</summary>
    public static ValueTask WriteValidationAsync(HttpContext context, int status, IDictionary<string, string[]> errors) =>
        WriteAsync(context, new ValidationProblemDetails(errors) { Status = status, Type = Describe(status).Type });

    public static ValueTask WriteAsync(HttpContext context, ProblemDetails problem)
    {
        var status = problem.Status ?? 500;
        var (type, title) = Describe(status);
        var buffer = PooledBufferWriter.Rent();
        var writer = ResponseWriter.RentJsonWriter(buffer);
        try
        {
            writer.WriteStartObject();
            writer.WriteString("type", problem.Type ?? type);
            writer.WriteString("title", problem.Title ?? title);
            writer.WriteNumber("status", status);
            if (problem.Detail is not null)
            {
                writer.WriteString("detail", problem.Detail);
            }

            writer.WriteString("instance", problem.Instance ?? context.Request.Path);
            if (problem is ValidationProblemDetails validation)
            {
                writer.WriteStartObject("errors");
                foreach (var (field, messages) in validation.Errors)
                {
                    writer.WriteStartArray(field);
                    foreach (var message in messages)
                    {
                        writer.WriteStringValue(message);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            JsonSerializerOptions? options = null;
            foreach (var (name, value) in problem.Extensions)
            {
                writer.WritePropertyName(name);
                switch (value)
                {
                    case null:
                        writer.WriteNullValue();
                        break;
                    case string text:
                        writer.WriteStringValue(text);
                        break;
                    case bool flag:
                        writer.WriteBooleanValue(flag);
                        break;
                    case int number:
                        writer.WriteNumberValue(number);
                        break;
                    case long number:
                        writer.WriteNumberValue(number);
                        break;
                    case double number:
                        writer.WriteNumberValue(number);
                        break;
                    default:
                        options ??= ResponseWriter.GetResponseJsonOptions(context);
                        JsonSerializer.Serialize(writer, value, options.GetTypeInfo(value.GetType()));
                        break;
                }
            }

            if (!problem.Extensions.ContainsKey("traceId"))
            {
                writer.WriteString("traceId", Activity.Current?.Id ?? context.TraceIdentifier);
            }

            writer.WriteEndObject();
            writer.Flush();
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        finally
        {
            writer.Reset();
        }

        return ResponseWriter.WriteAsync(context, status, ResponseWriter.ProblemContentType, buffer);
    }

    public static (string Type, string Title) Describe(int status) => status switch
    {
        400 => ("https://tools.ietf.org/html/rfc9110#section-15.5.1", "Bad Request"),
        401 => ("https://tools.ietf.org/html/rfc9110#section-15.5.2", "Unauthorized"),
        403 => ("https://tools.ietf.org/html/rfc9110#section-15.5.4", "Forbidden"),
        404 => ("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not Found"),
        405 => ("https://tools.ietf.org/html/rfc9110#section-15.5.6", "Method Not Allowed"),
        406 => ("https://tools.ietf.org/html/rfc9110#section-15.5.7", "Not Acceptable"),
        408 => ("https://tools.ietf.org/html/rfc9110#section-15.5.9", "Request Timeout"),
        409 => ("https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict"),
        410 => ("https://tools.ietf.org/html/rfc9110#section-15.5.11", "Gone"),
        412 => ("https://tools.ietf.org/html/rfc9110#section-15.5.13", "Precondition Failed"),
        413 => ("https://tools.ietf.org/html/rfc9110#section-15.5.14", "Content Too Large"),
        415 => ("https://tools.ietf.org/html/rfc9110#section-15.5.16", "Unsupported Media Type"),
        422 => ("https://tools.ietf.org/html/rfc9110#section-15.5.21", "Unprocessable Content"),
        429 => ("https://tools.ietf.org/html/rfc6585#section-4", "Too Many Requests"),
        500 => ("https://tools.ietf.org/html/rfc9110#section-15.6.1", "Internal Server Error"),
        501 => ("https://tools.ietf.org/html/rfc9110#section-15.6.2", "Not Implemented"),
        502 => ("https://tools.ietf.org/html/rfc9110#section-15.6.3", "Bad Gateway"),
        503 => ("https://tools.ietf.org/html/rfc9110#section-15.6.4", "Service Unavailable"),
        504 => ("https://tools.ietf.org/html/rfc9110#section-15.6.5", "Gateway Timeout"),
        _ => ("about:blank", status >= 500 ? "Server Error" : "Client Error"),
    };
}
