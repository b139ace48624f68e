using System.Globalization;
using System.Text;

namespace BackEnd.Core.Tests.Server;

/// <summary>One AWS http-desync-guardian case, read by a tiny reader for the corpus's simple YAML subset.</summary>
internal sealed class DesyncCase
{
    public string File { get; init; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Uri { get; set; } = string.Empty;

    public string Method { get; set; } = string.Empty;

    public string Version { get; set; } = string.Empty;

    public List<(string Name, string Value)> Headers { get; } = [];

    public string Tier { get; set; } = string.Empty;

    public override string ToString() => $"{File}: {Name}";

    public byte[] ToRequest()
    {
        var text = new StringBuilder();
        text.Append(Method).Append(' ').Append(Uri);
        if (Version.Length > 0)
        {
            text.Append(' ').Append(Version);
        }

        text.Append("\r\n");
        if (!Headers.Any(h => h.Name.Equals("host", StringComparison.OrdinalIgnoreCase)))
        {
            text.Append("Host: localhost\r\n");
        }

        foreach (var (name, value) in Headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        text.Append("\r\n");
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    public static List<DesyncCase> Load(string directory)
    {
        var cases = new List<DesyncCase>();
        foreach (var path in Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            DesyncCase? current = null;
            var section = string.Empty;
            foreach (var raw in System.IO.File.ReadAllLines(path))
            {
                var trimmed = raw.TrimStart();
                if (trimmed.Length == 0 || trimmed.StartsWith('#'))
                {
                    continue;
                }

                var indent = raw.Length - trimmed.Length;
                var isItem = trimmed.StartsWith("- ", StringComparison.Ordinal);
                var body = isItem ? trimmed[2..] : trimmed;
                var colon = body.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    continue;
                }

                var key = body[..colon].Trim();
                var value = Scalar(body[(colon + 1)..].Trim());
                if (indent == 0 && isItem)
                {
                    current = new DesyncCase { File = Path.GetFileName(path), Name = value };
                    cases.Add(current);
                    section = string.Empty;
                    continue;
                }

                if (current is null)
                {
                    continue;
                }

                if (indent == 2)
                {
                    section = key;
                    switch (key)
                    {
                        case "uri": current.Uri = value; break;
                        case "method": current.Method = value; break;
                        case "version": current.Version = value; break;
                    }
                }
                else if (section == "headers" && isItem && key == "name")
                {
                    current.Headers.Add((value, string.Empty));
                }
                else if (section == "headers" && key == "value")
                {
                    current.Headers[^1] = (current.Headers[^1].Name, value);
                }
                else if (section == "expected" && key == "tier" && indent == 4)
                {
                    current.Tier = value;
                }
            }
        }

        return cases;
    }

    /// <summary>Plain, single-quoted and double-quoted scalars; double quotes understand the escapes the corpus uses.</summary>
    private static string Scalar(string text)
    {
        if (text.Length >= 2 && text[0] == '\'' && text[^1] == '\'')
        {
            return text[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }

        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            return text;
        }

        var result = new StringBuilder();
        for (var i = 1; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length - 1)
            {
                result.Append(c);
                continue;
            }

            var next = text[++i];
            switch (next)
            {
                case 'r': result.Append('\r'); break;
                case 'n': result.Append('\n'); break;
                case 't': result.Append('\t'); break;
                case '0': result.Append('\0'); break;
                case 'x':
                    result.Append((char)int.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                default: result.Append(next); break;
            }
        }

        return result.ToString();
    }
}
