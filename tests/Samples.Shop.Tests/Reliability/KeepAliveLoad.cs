using System.Net.Sockets;

namespace Samples.Shop.Tests.Reliability;

/// <summary>
/// Counts of a keep-alive load that a SIGTERM interrupts, and the client loop that produces them: shared by the Shop and
/// Feed shutdown tests (the Feed test project links this file).
/// </summary>
internal sealed class KeepAliveLoad
{
    public int Sent;
    public int Responses;
    public int CloseResponses;
    public int UnansweredBeforeTerm;
    public int UnansweredAfterTerm;
    public int Refused;
    public bool TermSent;

    public FailureLog Failures { get; } = new();

    public void Fail(string failure) => Failures.Add(failure);

    /// <summary>
    /// One keep-alive client: sends, reads, reconnects after Connection: close, and ends when a connection is refused. A
    /// response with <paramref name="expectedStatus"/> is handed to <paramref name="acknowledged"/>; any other is a failure.
    /// </summary>
    public async Task RunClientAsync(int port, Func<int, byte[]> request, int expectedStatus, Action<RawResponse>? acknowledged, Action? unanswered, CancellationToken cancellationToken)
    {
        RawConnection? connection = null;
        try
        {
            for (var n = 0; !cancellationToken.IsCancellationRequested; n++)
            {
                if (connection is null)
                {
                    try
                    {
                        connection = await RawConnection.ConnectAsync(port, cancellationToken);
                    }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
                    {
                        if (!Volatile.Read(ref TermSent))
                        {
                            Fail("a connection was refused before SIGTERM");
                        }

                        Interlocked.Increment(ref Refused);
                        return;
                    }
                }

                var beforeTerm = !Volatile.Read(ref TermSent);
                Interlocked.Increment(ref Sent);
                RawResponse? response;
                try
                {
                    await connection.SendAsync(request(n), cancellationToken);
                    response = await connection.ReadResponseAsync(cancellationToken);
                }
                catch (IOException)
                {
                    // The server closed the connection before the request was written: unanswered, like a close before the response.
                    response = null;
                }
                catch (InvalidDataException e)
                {
                    Fail("incomplete response: " + e.Message);
                    response = null;
                }

                if (response is null)
                {
                    Interlocked.Increment(ref beforeTerm ? ref UnansweredBeforeTerm : ref UnansweredAfterTerm);
                    unanswered?.Invoke();
                    await connection.DisposeAsync();
                    connection = null;
                    continue;
                }

                Interlocked.Increment(ref Responses);
                if (response.Status != expectedStatus)
                {
                    Fail($"status {response.Status}: {response.BodyText}");
                }
                else
                {
                    acknowledged?.Invoke(response);
                }

                if (response.ConnectionClose)
                {
                    Interlocked.Increment(ref CloseResponses);
                    await connection.DisposeAsync();
                    connection = null;
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
