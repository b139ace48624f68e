using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BackEnd.Storage.Document.Internal.LiteDb;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace BackEnd.Storage.Document.Tests.Documents;

/// <summary>
/// The LiteDB engine decides while reading a view whether writing it back gives the same bytes (then the record keeps no JSON copy).
/// These tests hold that decision to the definition: write the BSON back with the engine's own writer and compare, over many random texts.
/// </summary>
public sealed class LiteDbWriteBackCheckTests
{
    private static readonly string[] Names = ["a", "A", "b", "_id", "_ID", "_Id", "id", "Id", "name", "x y", "é", "<", "\"", "tags"];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-12", "10", "1.5", "1.50", "0.1", "-0.0", "1e2", "1E2", "1E+2", "1.5e-7", "1.5E-07", "2.5E+20", "123456789012345678",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809", "18446744073709551615",
        "79228162514264337593543950335", "79228162514264337593543950336", "-79228162514264337593543950336", "1E+30", "1E30",
        "0.0000000000000000000000000001", "0.00000000000000000000000000001", "3.14159265358979", "3.141592653589793238462643383279",
        "1.7976931348623157E+308", "5E-324", "4.94065645841247E-324", "100000000000000000000000000000000",
    ];

    [Fact]
    public void RandomTexts_CheckAgreesWithWritingTheValueBack()
    {
        var random = new Random(20261128);
        var same = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var builder = new StringBuilder();
            WriteValue(builder, random, depth: 0, spaces: random.Next(8) == 0);
            Assert.Equal(Oracle(builder.ToString()), Check(builder.ToString()));
            same += Oracle(builder.ToString()) ? 1 : 0;
        }

        // Both answers must be common, or the comparison above proved little.
        Assert.InRange(same, 2_000, 18_000);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("web")]
    [InlineData("relaxed")]
    [InlineData("indented")]
    public void SerializedDocuments_CheckAgreesWithWritingTheValueBack(string kind)
    {
        var options = kind switch
        {
            "web" => new JsonSerializerOptions(JsonSerializerDefaults.Web),
            "relaxed" => new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping },
            "indented" => new JsonSerializerOptions { WriteIndented = true },
            _ => new JsonSerializerOptions(),
        };
        var random = new Random(kind.Length);
        var same = 0;
        for (var i = 0; i < 3_000; i++)
        {
            var json = JsonSerializer.Serialize(RandomObject(random, 0), options);
            Assert.Equal(Oracle(json), Check(json));
            same += Oracle(json) ? 1 : 0;
        }

        // Indented text round-trips only where it has no whitespace (scalars, empty objects and arrays).
        Assert.InRange(same, kind == "indented" ? 1 : 100, 2_999);
    }

    [Theory]
    [InlineData("""{"a":1,"b":"x\u00E9\u003C","c":[true,null,1.50],"d":{"e":-2}}""", true)]
    [InlineData("""{"_id":1,"a":{"_id":"x","b":2}}""", true)]
    [InlineData("""{"a":{"b":2,"_id":"x"}}""", false)]
    [InlineData("""{"_ID":1}""", false)]
    [InlineData("""{"a":1,"a":2}""", false)]
    [InlineData("""{"b":"x\u00e9"}""", false)]
    [InlineData("""{"b":"\/"}""", false)]
    [InlineData("""{"b":"\n\u0022"}""", true)]
    [InlineData("""{"b":"\""}""", false)]
    [InlineData("""[1,2] """, false)]
    [InlineData(""" [1,2]""", false)]
    [InlineData("""[1,[],{},""]""", true)]
    [InlineData("""[1 ,2]""", false)]
    [InlineData("\"é\"", false)]
    [InlineData("1.0", true)]
    [InlineData("1E2", false)]
    [InlineData("1.5", true)]
    [InlineData("null", true)]
    public void Check_KnownTexts(string json, bool expected)
    {
        Assert.Equal(expected, Oracle(json));
        Assert.Equal(expected, Check(json));
    }

    private static bool Check(string json)
    {
        LiteDbDocumentEngine.ToBson(json, checkRoundTrip: true, out var same);
        return same;
    }

    // The definition: the engine's writer, given the BSON read from the text, writes the text's exact bytes.
    private static bool Oracle(string json)
        => LiteDbDocumentEngine.WriteJson(LiteDbDocumentEngine.ToBson(json)).AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(json));

    private static void WriteValue(StringBuilder json, Random random, int depth, bool spaces)
    {
        switch (random.Next(depth > 3 ? 4 : 7))
        {
            case 0:
                WriteString(json, random, random.Next(3) == 0 ? Names[random.Next(Names.Length)] : RandomText(random));
                break;
            case 1:
                json.Append(random.Next(3) == 0 ? RandomNumber(random) : Numbers[random.Next(Numbers.Length)]);
                break;
            case 2:
                json.Append(random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" });
                break;
            case 3:
                json.Append(random.Next(1000).ToString(CultureInfo.InvariantCulture));
                break;
            case 4:
            case 5:
                json.Append('{');
                var members = random.Next(5);
                for (var i = 0; i < members; i++)
                {
                    Separator(json, random, spaces, i > 0 ? "," : "");
                    WriteString(json, random, random.Next(4) == 0 ? RandomText(random) : Names[random.Next(Names.Length)]);
                    Separator(json, random, spaces, ":");
                    WriteValue(json, random, depth + 1, spaces);
                }

                Separator(json, random, spaces, "");
                json.Append('}');
                break;
            default:
                json.Append('[');
                var items = random.Next(4);
                for (var i = 0; i < items; i++)
                {
                    Separator(json, random, spaces, i > 0 ? "," : "");
                    WriteValue(json, random, depth + 1, spaces);
                }

                json.Append(']');
                break;
        }
    }

    private static void Separator(StringBuilder json, Random random, bool spaces, string separator)
    {
        if (spaces && random.Next(3) == 0)
        {
            json.Append(random.Next(3) switch { 0 => " ", 1 => "\n", _ => "\t" });
        }

        json.Append(separator);
    }

    // A string in one of the spellings JSON allows: each character as itself (where allowed), a short escape or \u with either case of hex.
    private static void WriteString(StringBuilder json, Random random, string text)
    {
        json.Append('"');
        foreach (var c in text)
        {
            var plain = c >= 0x20 && c != '"' && c != '\\' && !char.IsSurrogate(c);
            switch (random.Next(plain ? 10 : 3))
            {
                case 0:
                    json.Append("\\u").Append(((int)c).ToString(random.Next(2) == 0 ? "X4" : "x4", CultureInfo.InvariantCulture));
                    break;
                case 1 when c is '"' or '\\' or '/' or '\n' or '\t' or '\r' or '\b' or '\f':
                    json.Append(c switch { '\n' => "\\n", '\t' => "\\t", '\r' => "\\r", '\b' => "\\b", '\f' => "\\f", _ => "\\" + c });
                    break;
                default:
                    if (plain)
                    {
                        json.Append(c);
                    }
                    else
                    {
                        json.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        json.Append('"');
    }

    private static string RandomText(Random random)
    {
        const string Alphabet = "abcXYZ 019_-+<>&'`\"\\/\n\t\u0001\u007Féü€\u2028\u00A0";
        var text = new StringBuilder();
        var length = random.Next(6);
        for (var i = 0; i < length; i++)
        {
            if (random.Next(12) == 0)
            {
                text.Append("😀");
            }
            else
            {
                text.Append(Alphabet[random.Next(Alphabet.Length)]);
            }
        }

        return text.ToString();
    }

    private static string RandomNumber(Random random) => random.Next(4) switch
    {
        0 => random.NextInt64(long.MinValue, long.MaxValue).ToString(CultureInfo.InvariantCulture),
        1 => (random.NextDouble() * Math.Pow(10, random.Next(-30, 30))).ToString("R", CultureInfo.InvariantCulture),
        2 => ((decimal)random.Next() / (decimal)Math.Pow(10, random.Next(0, 12))).ToString(CultureInfo.InvariantCulture),
        _ => random.NextDouble().ToString("E" + random.Next(1, 17), CultureInfo.InvariantCulture),
    };

    private static object? RandomObject(Random random, int depth) => random.Next(depth > 2 ? 6 : 8) switch
    {
        0 => RandomText(random),
        1 => random.NextInt64(-1_000_000, 1_000_000),
        2 => random.NextDouble() * Math.Pow(10, random.Next(-10, 25)) * (random.Next(2) == 0 ? -1 : 1),
        3 => (decimal)random.Next(100_000) / 100,
        4 => random.Next(2) == 0,
        5 => null,
        6 => Enumerable.Range(0, random.Next(4)).Select(_ => RandomObject(random, depth + 1)).ToList(),
        _ => Enumerable.Range(0, random.Next(5))
            .Select(_ => random.Next(3) == 0 ? RandomText(random) : Names[random.Next(Names.Length)])
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(n => n, _ => RandomObject(random, depth + 1)),
    };
}
