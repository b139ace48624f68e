namespace BackEnd.Realtime;

/// <summary>Options of an <see cref="EventHub{T}"/>.</summary>
public sealed class EventHubOptions
{
    /// <summary>Gets or sets how many events one subscriber may have waiting; memory per subscriber is bounded by it.</summary>
    /// <value>Default: 256.</value>
    public int QueueCapacity { get; set; } = RealtimeDefaults.QueueCapacity;

    /// <summary>Gets or sets what happens to a subscriber whose queue is full.</summary>
    /// <value>Default: <see cref="SlowSubscriberPolicy.Drop"/>.</value>
    public SlowSubscriberPolicy SlowSubscriberPolicy { get; set; }
}
