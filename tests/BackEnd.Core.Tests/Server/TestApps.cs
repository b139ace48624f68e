using System.Buffers;
using System.Globalization;
using System.Text;
using BackEnd.Http;

namespace BackEnd.Core.Tests.Server;

/// <summary>Small applications the server tests run.</summary>
internal static class TestApps
{
    /// <summary>Reads the whole body, then answers <c>{method} {path} {bodyLength}:{body}</c>.</summary>
    public static async ValueTask ReadBody(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        var body = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                body.Write(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{context.Request.Method} {context.Request.Path} {body.WrittenCount}:{Encoding.UTF8.GetString(body.WrittenSpan)}");
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Answers without touching the body.</summary>
    public static ValueTask IgnoreBody(HttpContext context)
    {
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync("ignored"u8.ToArray());
    }
}
