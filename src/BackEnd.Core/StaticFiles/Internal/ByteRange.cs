namespace BackEnd.StaticFiles.Internal;

/// <summary>A <c>Range: bytes=…</c> header (RFC 9110 §14.1.2) resolved against a length.</summary>
internal readonly record struct ByteRange(long Start, long Length)
{
    public enum Outcome
    {
        /// <summary>No usable single range (absent, another unit, malformed, or several ranges): send the whole representation.</summary>
        Whole,
        Partial,
        Unsatisfiable,
    }

    public static Outcome Parse(string? header, long length, out ByteRange range)
    {
        range = default;
        if (header is null || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return Outcome.Whole;
        }

        var spec = header.AsSpan(6).Trim();
        if (spec.IsEmpty || spec.Contains(','))
        {
            // Several ranges would need multipart/byteranges; RFC 9110 lets a server send the whole representation instead.
            return Outcome.Whole;
        }

        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return Outcome.Whole;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.IsEmpty)
        {
            if (!TryParseDigits(last, out var suffix))
            {
                return Outcome.Whole;
            }

            if (suffix == 0 || length == 0)
            {
                return Outcome.Unsatisfiable;
            }

            var count = Math.Min(suffix, length);
            range = new ByteRange(length - count, count);
            return Outcome.Partial;
        }

        if (!TryParseDigits(first, out var start))
        {
            return Outcome.Whole;
        }

        long end;
        if (last.IsEmpty)
        {
            end = length - 1;
        }
        else if (!TryParseDigits(last, out end) || end < start)
        {
            return Outcome.Whole;
        }

        if (start >= length)
        {
            return Outcome.Unsatisfiable;
        }

        end = Math.Min(end, length - 1);
        range = new ByteRange(start, end - start + 1);
        return Outcome.Partial;
    }

    private static bool TryParseDigits(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 18)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
