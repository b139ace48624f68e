using System.Net.ServerSentEvents;
using BackEnd.Realtime.Internal;
using BackEnd.Results;

namespace BackEnd.Realtime;

/// <summary>Results that keep the response open for live content.</summary>
public static class RealtimeResults
{
    /// <summary>
    /// Streams <c>text/event-stream</c>: each item is written and flushed as it comes, comment heartbeats fill silences, and the
    /// stream ends cleanly when the source ends, the client leaves or the host stops (the source's token is cancelled then).
    /// </summary>
    /// <param name="source">Produces the events; receives the client's <c>Last-Event-ID</c> (or <see langword="null"/>) to resume after it.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The result.</returns>
    public static IResult ServerSentEvents(Func<string?, CancellationToken, IAsyncEnumerable<SseItem<string>>> source, ServerSentEventsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ServerSentEventsResult(source, options ?? new ServerSentEventsOptions());
    }

    /// <summary>Streams the events of an async sequence as <c>text/event-stream</c>; the sequence's enumerator gets the stream's cancellation token.</summary>
    /// <param name="events">The events.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The result.</returns>
    public static IResult ServerSentEvents(IAsyncEnumerable<SseItem<string>> events, ServerSentEventsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        return new ServerSentEventsResult((_, _) => events, options ?? new ServerSentEventsOptions());
    }
}
