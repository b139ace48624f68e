using System.Globalization;

namespace BackEnd.Realtime.Internal;

/// <summary>
/// The text a hub sends through the backplane: <c>1:{node}:{sequence}:{payload}</c>. The node id lets a node skip its own
/// events (it delivered them locally already); the sequence lets a receiver notice messages lost on the way.
/// </summary>
internal static class BackplaneEnvelope
{
    // "1:" + 32 hex digits + ":" + up to 20 digits + ":".
    public const int MaxOverhead = 2 + 32 + 1 + 20 + 1;

    public static string Wrap(Guid node, long sequence, string payload) =>
        string.Create(CultureInfo.InvariantCulture, $"1:{node:N}:{sequence}:{payload}");

    public static bool TryUnwrap(string message, out Guid node, out long sequence, out string payload)
    {
        node = default;
        sequence = 0;
        payload = string.Empty;
        var span = message.AsSpan();
        if (!span.StartsWith("1:", StringComparison.Ordinal) || span.Length < 2 + 32 + 1 + 1 + 1 || span[34] != ':')
        {
            return false;
        }

        if (!Guid.TryParseExact(span.Slice(2, 32), "N", out node))
        {
            return false;
        }

        var rest = span[35..];
        var colon = rest.IndexOf(':');
        if (colon < 1 || !long.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
        {
            return false;
        }

        payload = rest[(colon + 1)..].ToString();
        return true;
    }
}
