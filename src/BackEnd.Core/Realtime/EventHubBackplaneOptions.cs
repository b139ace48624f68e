namespace BackEnd.Realtime;

/// <summary>How an <see cref="EventHub{T}"/> is joined to the <see cref="IEventBackplane"/>; validated when registered.</summary>
/// <typeparam name="T">The event type.</typeparam>
public sealed class EventHubBackplaneOptions<T>
{
    /// <summary>Gets or sets the backplane channel of this hub: 1–63 ASCII letters, digits, <c>_</c>, <c>.</c> or <c>-</c>, the same on every node.</summary>
    /// <value>Default: none; required.</value>
    public string? Channel { get; set; }

    /// <summary>Gets or sets how an event becomes text for the other nodes.</summary>
    /// <value>Default: none; required.</value>
    public Func<T, string>? Serialize { get; set; }

    /// <summary>Gets or sets how another node's text becomes an event again; an exception drops that message (logged).</summary>
    /// <value>Default: none; required.</value>
    public Func<string, T>? Deserialize { get; set; }

    /// <summary>Gets or sets how many events may wait to be sent while the backplane is slow or unreachable; beyond it new ones are not sent (logged).</summary>
    /// <value>Default: 10,000.</value>
    public int SendQueueCapacity { get; set; } = 10_000;

    /// <summary>Gets or sets the largest serialized event, in UTF-16 code units; <see cref="EventHub{T}.Publish"/> refuses a larger one.</summary>
    /// <value>Default: 1,048,576, or less when the backplane allows less.</value>
    public int MaxEventLength { get; set; } = 1024 * 1024;
}
