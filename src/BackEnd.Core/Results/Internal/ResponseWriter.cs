using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BackEnd.Http;
using BackEnd.Pipeline.Internal;
using Microsoft.Extensions.Options;

namespace BackEnd.HttpResults.Internal;

/// <summary>Writes bodies with a known length from pooled buffers; the shared tail of every result.</summary>
internal static class ResponseWriter
{
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string TextContentType = "text/plain; charset=utf-8";
    public const string ProblemContentType = "application/problem+json; charset=utf-8";

    [ThreadStatic]
    private static Utf8JsonWriter? t_jsonWriter;

    public static JsonSerializerOptions GetJsonOptions(HttpContext context) =>
        context.RequestServices is RequestServices { JsonOptions: var options }
            ? options
            : (context.RequestServices?.GetService(typeof(IOptions<JsonOptions>)) as IOptions<JsonOptions>)?.Value.SerializerOptions
        ?? JsonOptions.Default.SerializerOptions;

    /// <summary>The options a response body is written with: the application's, with the fast path of source-generated contexts kept.</summary>
    public static JsonSerializerOptions GetResponseJsonOptions(HttpContext context) =>
        context.RequestServices is RequestServices services ? services.ResponseJsonOptions : JsonSettings.ForResponses(GetJsonOptions(context));

    public static ValueTask WriteJsonAsync<T>(HttpContext context, T value, int statusCode, string? contentType) =>
        WriteJsonAsync(context, value, (JsonTypeInfo<T>)GetResponseJsonOptions(context).GetTypeInfo(typeof(T)), statusCode, contentType);

    public static ValueTask WriteJsonAsync<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo, int statusCode, string? contentType)
    {
        var buffer = PooledBufferWriter.Rent();
        var writer = RentJsonWriter(buffer);
        try
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
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

        return WriteAsync(context, statusCode, contentType ?? JsonContentType, buffer);
    }

    public static ValueTask WriteJsonObjectAsync(HttpContext context, object value, int statusCode)
    {
        var typeInfo = GetResponseJsonOptions(context).GetTypeInfo(value.GetType());
        var buffer = PooledBufferWriter.Rent();
        var writer = RentJsonWriter(buffer);
        try
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
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

        return WriteAsync(context, statusCode, JsonContentType, buffer);
    }

    public static ValueTask WriteTextAsync(HttpContext context, string text, int statusCode, string? contentType)
    {
        var buffer = PooledBufferWriter.Rent();
        var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        buffer.Advance(Encoding.UTF8.GetBytes(text, span));
        return WriteAsync(context, statusCode, contentType ?? TextContentType, buffer);
    }

    public static Utf8JsonWriter RentJsonWriter(PooledBufferWriter buffer)
    {
        var writer = t_jsonWriter;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
            t_jsonWriter = writer;
        }
        else
        {
            writer.Reset(buffer);
        }

        return writer;
    }

    public static ValueTask WriteAsync(HttpContext context, int statusCode, string contentType, PooledBufferWriter buffer)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = buffer.WrittenCount;
        ValueTask write;
        try
        {
            write = response.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }

        if (write.IsCompletedSuccessfully)
        {
            write.GetAwaiter().GetResult();
            buffer.Dispose();
            return default;
        }

        return AwaitAndReturn(write, buffer);
    }

    public static ValueTask WriteStatusAsync(HttpContext context, int statusCode)
    {
        context.Response.StatusCode = statusCode;
        if (statusCode is 204 or 304 or < 200)
        {
            return default;
        }

        context.Response.ContentLength = 0;
        return default;
    }

    private static async ValueTask AwaitAndReturn(ValueTask write, PooledBufferWriter buffer)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        finally
        {
            buffer.Dispose();
        }
    }
}
