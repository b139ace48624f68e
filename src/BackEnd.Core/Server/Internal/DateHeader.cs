using System.Text;

namespace BackEnd.Server.Internal;

/// <summary>The pre-encoded <c>Date: …\r\n</c> header line, refreshed by the server heartbeat once a second.</summary>
internal sealed class DateHeader
{
    private readonly TimeProvider _timeProvider;
    private byte[] _line;

    public DateHeader(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _line = Build(timeProvider.GetUtcNow());
    }

    /// <summary>Gets the current line; a reference read, so no lock on the request path.</summary>
    public ReadOnlySpan<byte> Line => Volatile.Read(ref _line);

    public void Refresh() => Volatile.Write(ref _line, Build(_timeProvider.GetUtcNow()));

    private static byte[] Build(DateTimeOffset now) =>
        Encoding.ASCII.GetBytes("Date: " + now.UtcDateTime.ToString("r", System.Globalization.CultureInfo.InvariantCulture) + "\r\n");
}
