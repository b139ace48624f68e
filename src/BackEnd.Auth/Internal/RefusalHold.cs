using BackEnd.Http;
using BackEnd.Server.Internal;
using Microsoft.Extensions.Options;

namespace BackEnd.Auth.Internal;

/// <summary>
/// Holds a 429 for <see cref="AuthOptions.RefusalDelay"/> before it is sent. A refusal costs microseconds, so a client that
/// retries at once would otherwise loop as fast as our CPU answers; held, it gets one attempt per connection per delay. The
/// wait is a timer (no thread), bounded in number, and ends early when the client leaves or the host stops.
/// </summary>
internal sealed class RefusalHold(IOptions<AuthOptions> options, TimeProvider time, CancellationToken stopping)
{
    // A body this small that has already arrived is read off the socket, so the server watches for a disconnect while we wait.
    private const long MaxDiscardedBodyBytes = 16 * 1024;

    private readonly AuthOptions _options = options.Value;
    private int _held;

    /// <summary>Gets how many refusals are being held now.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>
    /// Waits before a refusal is written; false when the client left meanwhile (nothing to answer). Marks the response
    /// <c>Connection: close</c> when the refusal could not be held (over the cap, host stopping) or the options ask for it.
    /// </summary>
    public async ValueTask<bool> WaitAsync(HttpContext context)
    {
        var delay = _options.RefusalDelay;
        if (delay <= TimeSpan.Zero)
        {
            CloseIf(context, _options.CloseConnectionOnRefusal);
            return true;
        }

        if (Interlocked.Increment(ref _held) > _options.MaxHeldRefusals)
        {
            Interlocked.Decrement(ref _held);
            CloseIf(context, true);
            return true;
        }

        try
        {
            DiscardArrivedBody(context.Request);
            // The server stops before the host signals ApplicationStopping, and waits for busy connections: its own token first.
            var serverStopping = ServerStopping(context);
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping, serverStopping);

            // Cancellation is the client leaving or the host stopping, both expected: no exception for either.
            await Task.Delay(Spread(delay, _options.RefusalJitter), time, cancel.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return false;
        }

        CloseIf(context, _options.CloseConnectionOnRefusal || stopping.IsCancellationRequested || ServerStopping(context).IsCancellationRequested);
        return true;
    }

    /// <summary>The delay less a random part of it, at most <paramref name="jitter"/> of it.</summary>
    internal static TimeSpan Spread(TimeSpan delay, double jitter) =>
        jitter <= 0 ? delay : delay - (delay * (jitter * Random.Shared.NextDouble()));

    private static CancellationToken ServerStopping(HttpContext context) =>
        context.Connection is ServerConnectionInfo { Connection: { } connection } ? connection.ShutdownToken : CancellationToken.None;

    private static void CloseIf(HttpContext context, bool close)
    {
        if (close)
        {
            context.Response.Headers["Connection"] = "close";
        }
    }

    private static void DiscardArrivedBody(HttpRequest request)
    {
        if (request.ContentLength is 0 or > MaxDiscardedBodyBytes)
        {
            return;
        }

        try
        {
            // Only what is already buffered, and little of it: never wait for a client to send a body we will not use.
            var reader = request.BodyReader;
            long discarded = 0;
            while (discarded <= MaxDiscardedBodyBytes && reader.TryRead(out var result))
            {
                discarded += result.Buffer.Length;
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (BadHttpRequestException)
        {
            // A malformed body is the connection's to reject once the refusal is sent.
        }
    }
}
