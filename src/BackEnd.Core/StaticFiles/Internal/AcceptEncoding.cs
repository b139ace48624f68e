using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace BackEnd.StaticFiles.Internal;

/// <summary>Picks the pre-compressed encodings a client accepts, best first, from <c>Accept-Encoding</c> with q-values (RFC 9110 §12.5.3).</summary>
internal static class AcceptEncoding
{
    public static (string? First, string? Second) Preferred(StringValues header)
    {
        double br = -1, gzip = -1, any = -1;
        foreach (var value in header)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var semicolon = item.IndexOf(';');
                var coding = (semicolon < 0 ? item : item[..semicolon]).Trim();
                var q = 1.0;
                if (semicolon >= 0)
                {
                    var parameter = item[(semicolon + 1)..].Trim();
                    if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                        && !double.TryParse(parameter.AsSpan(2), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out q))
                    {
                        q = 0;
                    }
                }

                if (coding.Equals("br", StringComparison.OrdinalIgnoreCase))
                {
                    br = q;
                }
                else if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
                {
                    gzip = q;
                }
                else if (coding == "*")
                {
                    any = q;
                }
            }
        }

        br = br < 0 ? any : br;
        gzip = gzip < 0 ? any : gzip;
        var first = br > 0 && br >= gzip ? "br" : gzip > 0 ? "gzip" : null;
        var second = first == "br" && gzip > 0 ? "gzip" : first == "gzip" && br > 0 ? "br" : null;
        return (first, second);
    }
}
