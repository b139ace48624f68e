namespace BackEnd.Realtime;

/// <summary>What an <see cref="EventHub{T}"/> does when a subscriber's queue is full.</summary>
public enum SlowSubscriberPolicy
{
    /// <summary>The subscriber is removed: its subscription ends after the events already queued (an SSE client then reconnects and resumes).</summary>
    Drop,

    /// <summary>The oldest queued event of that subscriber is discarded to make room; the subscriber skips events but stays.</summary>
    SkipOldest,
}
