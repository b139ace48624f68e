using System.Buffers;

namespace BackEnd.StaticFiles.Internal;

/// <summary>
/// Decides whether a request path (already percent-decoded, with <c>%2F</c> kept encoded) may name a file below the root.
/// Anything that could step outside it or alias another name is refused before the file system is touched.
/// </summary>
internal static class StaticPathValidator
{
    private static readonly string[] s_deviceNames =
    [
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    /// <summary>Control characters and the characters Windows refuses in names (or reads as a stream or a wildcard).</summary>
    private static readonly SearchValues<char> s_refused = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F\\:*?\"<>|");

    public enum Verdict
    {
        Ok,
        Malformed,
        Hidden,
    }

    /// <summary>Checks a '/'-separated path below the root; a trailing '/' (a directory) is allowed.</summary>
    public static Verdict Check(string subpath, bool serveDotFiles)
    {
        if (subpath.Length == 0)
        {
            return Verdict.Ok;
        }

        if (subpath[0] == '/' || (subpath.Contains('%') && (subpath.Contains("%2F", StringComparison.OrdinalIgnoreCase) || subpath.Contains("%5C", StringComparison.OrdinalIgnoreCase))))
        {
            // An empty first segment would make the path absolute; an encoded slash would hide a segment boundary.
            return Verdict.Malformed;
        }

        if (subpath.AsSpan().ContainsAny(s_refused))
        {
            return Verdict.Malformed;
        }

        var end = subpath.EndsWith('/') ? subpath.Length - 1 : subpath.Length;
        var start = 0;
        var verdict = Verdict.Ok;
        while (start <= end)
        {
            var slash = subpath.IndexOf('/', start);
            if (slash < 0 || slash > end)
            {
                slash = end;
            }

            var segment = subpath.AsSpan(start, slash - start);
            if (segment.IsEmpty || segment is "." or ".." || segment[^1] is '.' or ' ')
            {
                // Windows drops trailing dots and spaces, so "a.txt." would alias "a.txt".
                return Verdict.Malformed;
            }

            if (IsDeviceName(segment))
            {
                verdict = Verdict.Hidden;
            }
            else if (segment[0] == '.' && !serveDotFiles && !segment.SequenceEqual(".well-known"))
            {
                verdict = Verdict.Hidden;
            }

            start = slash + 1;
        }

        return verdict;
    }

    private static bool IsDeviceName(ReadOnlySpan<char> segment)
    {
        var dot = segment.IndexOf('.');
        var stem = (dot < 0 ? segment : segment[..dot]).TrimEnd(' ');
        if (stem.Length is < 3 or > 7)
        {
            // Every device name has 3 to 7 characters.
            return false;
        }

        foreach (var name in s_deviceNames)
        {
            if (stem.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
