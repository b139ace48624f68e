using System.Buffers;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text;
using BackEnd.Http;
using BackEnd.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Realtime.Internal;

internal sealed class ServerSentEventsResult(Func<string?, CancellationToken, IAsyncEnumerable<SseItem<string>>> source, ServerSentEventsOptions options) : IResult
{
    private const int MaxEventsPerFlush = 64;

    // A batch buffer that grew past this for one large event is dropped after it, so an idle stream does not keep it.
    private const int MaxKeptBatchBytes = 16 * 1024;

    private static readonly byte[] s_heartbeat = ": keep-alive\n\n"u8.ToArray();

    public async ValueTask ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.Headers["Cache-Control"] = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";

        var services = httpContext.RequestServices;
        var timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        using var linked = RealtimeLifetime.CreateLinkedSource(httpContext);
        var cancellationToken = linked.Token;
        var lastEventId = httpContext.Request.Headers.TryGetValue("Last-Event-ID", out var header) && header.Count == 1 ? header[0] : null;

        var writer = response.BodyWriter;

        // Events are formatted here first and written in one piece per flush: every write to a chunked body is a chunk of
        // its own, and an event is several small writes (each field's name and value).
        ArrayBufferWriter<byte>? batch = null;
        IAsyncEnumerator<SseItem<string>>? enumerator = null;
        Task<bool>? pending = null;
        try
        {
            // Headers go out at once, so the client sees an open stream before the first event.
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            enumerator = source(lastEventId, cancellationToken).GetAsyncEnumerator(cancellationToken);
            var heartbeat = options.HeartbeatInterval;

            // Each MoveNextAsync result is consumed exactly once (awaited, or turned into a Task that is); it is carried over
            // loop turns so that an event already waiting can join the current flush.
#pragma warning disable CA2012
            var next = enumerator.MoveNextAsync();
            while (true)
            {
                bool hasItem;
                if (next.IsCompleted || heartbeat <= TimeSpan.Zero || heartbeat == Timeout.InfiniteTimeSpan)
                {
                    hasItem = await next.ConfigureAwait(false);
                }
                else
                {
                    pending = next.AsTask();
                    while (true)
                    {
                        try
                        {
                            hasItem = await pending.WaitAsync(heartbeat, timeProvider, cancellationToken).ConfigureAwait(false);
                            break;
                        }
                        catch (TimeoutException)
                        {
                            writer.Write(s_heartbeat);
                            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }

                    pending = null;
                }

                if (!hasItem)
                {
                    break;
                }

                batch ??= new ArrayBufferWriter<byte>();
                Format(enumerator.Current, batch);

                // Events already waiting go out with this one in a single flush (a bounded batch), so a subscriber that fell behind
                // catches up with one send rather than one per event.
                next = enumerator.MoveNextAsync();
                var ended = false;
                for (var batched = 1; batched < MaxEventsPerFlush && next.IsCompleted; batched++)
                {
                    if (!await next.ConfigureAwait(false))
                    {
                        ended = true;
                        break;
                    }

                    Format(enumerator.Current, batch);
                    next = enumerator.MoveNextAsync();
                }

                writer.Write(batch.WrittenSpan);
                if (batch.Capacity > MaxKeptBatchBytes)
                {
                    batch = null;
                }
                else
                {
                    batch.ResetWrittenCount();
                }

                if (!ended && !next.IsCompleted)
                {
                    // Still running while the flush awaits: if the flush fails, the finally block must not dispose the source under it.
                    pending = next.AsTask();
                    next = new ValueTask<bool>(pending);
                }

                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                pending = null;
                if (ended)
                {
                    break;
                }
            }
#pragma warning restore CA2012
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left or the host is stopping: end the stream without an error.
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // A write found the client gone before the server noticed; nothing more can be sent.
            httpContext.Abort();
        }
        finally
        {
            if (pending is { IsCompleted: false })
            {
                // The source is still producing: it must finish (its token is cancelled) before it may be disposed; the response need not wait.
                _ = pending.ContinueWith(static (_, state) => ((IAsyncEnumerator<SseItem<string>>)state!).DisposeAsync().AsTask(), enumerator, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            }
            else if (enumerator is not null)
            {
                try
                {
                    await enumerator.DisposeAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // A source that observes its token while disposing.
                }
            }
        }
    }

    /// <summary>Writes one event as the HTML living standard's event-stream format: <c>event</c>, one <c>data</c> line per line, <c>id</c>, <c>retry</c>.</summary>
    internal static void Format(SseItem<string> item, IBufferWriter<byte> writer)
    {
        if (item.EventType is { } type && type != SseParser.EventTypeDefault)
        {
            WriteField(writer, "event: "u8, type);
        }

        var data = item.Data.AsSpan();
        while (true)
        {
            var lineEnd = data.IndexOfAny('\r', '\n');
            if (lineEnd < 0)
            {
                WriteField(writer, "data: "u8, data);
                break;
            }

            WriteField(writer, "data: "u8, data[..lineEnd]);
            var skip = data[lineEnd] == '\r' && lineEnd + 1 < data.Length && data[lineEnd + 1] == '\n' ? 2 : 1;
            data = data[(lineEnd + skip)..];
        }

        if (item.EventId is { } id)
        {
            WriteField(writer, "id: "u8, id);
        }

        if (item.ReconnectionInterval is { } retry)
        {
            WriteField(writer, "retry: "u8, ((long)retry.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        }

        writer.Write("\n"u8);
    }

    private static void WriteField(IBufferWriter<byte> writer, ReadOnlySpan<byte> name, ReadOnlySpan<char> value)
    {
        writer.Write(name);
        var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length) + 1);
        var written = Encoding.UTF8.GetBytes(value, span);
        span[written] = (byte)'\n';
        writer.Advance(written + 1);
    }
}
