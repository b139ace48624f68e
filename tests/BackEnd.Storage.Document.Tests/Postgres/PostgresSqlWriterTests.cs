using System.Linq.Expressions;
using System.Text.Json;
using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Internal.Postgres;
using BackEnd.Storage.Document.Internal.Query;
using BackEnd.Storage.Document.Tests.Support;
using Npgsql;

namespace BackEnd.Storage.Document.Tests.Postgres;

/// <summary>The SQL the PostgreSQL engine writes, checked without a server: values only as parameters, and C#'s null and NOT rules.</summary>
public sealed class PostgresSqlWriterTests
{
    private static readonly ExpressionTranslator Translator = new(DocumentMapper.For(typeof(Sample), ReadOnlyOptions(), new DocumentLimits(1024)));

    [Fact]
    public void Write_HostileValues_AppearOnlyAsParameters()
    {
        var hostile = "x' OR 1=1; DROP TABLE t; --";

        var (sql, parameters) = Write(x => x.Code == hostile || x.Name!.StartsWith(hostile, StringComparison.Ordinal) || x.Tags.Contains(hostile) || x.Items.Any(i => i.Sku.EndsWith(hostile, StringComparison.Ordinal)));

        Assert.DoesNotContain("DROP", sql, StringComparison.Ordinal);
        Assert.Equal(4, parameters.Count);
        Assert.Equal(hostile, parameters[0].Value);
        Assert.Contains("$4", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("%", "\\%%")]
    [InlineData("_a", "\\_a%")]
    [InlineData("a\\b", "a\\\\b%")]
    [InlineData("plain", "plain%")]
    public void Write_StartsWith_EscapesLikeMetacharacters(string value, string pattern)
    {
        var (sql, parameters) = Write(x => x.Code.StartsWith(value));

        Assert.Contains("LIKE $1", sql, StringComparison.Ordinal);
        Assert.Equal(pattern, Assert.Single(parameters).Value);
    }

    [Fact]
    public void Write_NotAndNotEqual_KeepCSharpNullMeaning()
    {
        var (not, _) = Write(x => !(x.N > 3));
        var (notEqual, _) = Write(x => x.Name != "a");

        Assert.Contains("IS NOT TRUE", not, StringComparison.Ordinal);
        Assert.Contains("IS NULL OR", notEqual, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Numbers_CompareAsExactNumeric()
    {
        var (sql, parameters) = Write(x => x.Score > 0.1 && x.Amount <= 5.25m && x.N == 3);

        Assert.Equal(["0.1", "5.25", "3"], parameters.Select(p => (string)p.Value!));
        Assert.Contains("((data ->> 'score')::numeric) > ($1::numeric)", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_IgnoreCaseNonAsciiWithoutUnicodeCollation_ThrowsNotSupportedNamingMember()
    {
        var node = Translator.Translate((Expression<Func<Sample, bool>>)(x => x.Code.EndsWith("ä", StringComparison.OrdinalIgnoreCase)));

        var error = Assert.Throws<NotSupportedException>(() => PostgresSqlWriter.Write(node, [], upperCollation: null));
        var ascii = PostgresSqlWriter.Write(
            Translator.Translate((Expression<Func<Sample, bool>>)(x => x.Code.EndsWith("a", StringComparison.OrdinalIgnoreCase))), [], upperCollation: null);

        Assert.Contains("x.Code", error.Message, StringComparison.Ordinal);
        Assert.Contains("upper(", ascii, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_LongCollectionNames_StayDistinctWithinIdentifierLimit()
    {
        var a = PostgresNames.Table(new string('a', 58) + "_1");
        var b = PostgresNames.Table(new string('a', 58) + "_2");

        Assert.True(a.Length <= 63);
        Assert.NotEqual(a, b);
        Assert.Equal("mt_doc_carts", PostgresNames.Table("carts"));
    }

    private static JsonSerializerOptions ReadOnlyOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static (string Sql, List<NpgsqlParameter> Parameters) Write(Expression<Func<Sample, bool>> predicate)
    {
        var parameters = new List<NpgsqlParameter>();
        var sql = PostgresSqlWriter.Write(Translator.Translate(predicate), parameters, "default");
        return (sql, parameters);
    }
}
