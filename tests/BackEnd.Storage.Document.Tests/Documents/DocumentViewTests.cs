using System.Text.Json;
using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Internal.LiteDb;
using BackEnd.Storage.Document.Tests.Support;
using LiteDB;

namespace BackEnd.Storage.Document.Tests.Documents;

/// <summary>
/// A type whose query view is its JSON is serialised once; the shortcut must give exactly what the view options write, and only for
/// types that have nothing the view converters change (dates, enums) or that the check cannot see through (object, converters).
/// </summary>
public sealed class DocumentViewTests
{
    private static readonly JsonSerializerOptions Options = ReadOnly(new DocumentStorageOptions().SerializerOptions);

    public sealed class WithEnumList
    {
        public long Id { get; set; }

        public List<SampleStatus> States { get; set; } = [];
    }

    public sealed class WithEnumKeys
    {
        public long Id { get; set; }

        public Dictionary<SampleStatus, int> Counts { get; set; } = [];
    }

    public sealed class WithObject
    {
        public long Id { get; set; }

        public object? Anything { get; set; }
    }

    public sealed class WithNestedDate
    {
        public long Id { get; set; }

        public List<Dictionary<string, DateTime?>> Stamps { get; set; } = [];
    }

    public sealed class WithElement
    {
        public long Id { get; set; }

        public JsonElement Raw { get; set; }
    }

    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        // As the store prepares the caller's options.
        var copy = new JsonSerializerOptions(options);
        copy.MakeReadOnly(populateMissingResolver: true);
        return copy;
    }

    [Theory]
    [InlineData(typeof(Word), true)]
    [InlineData(typeof(Nested), true)]
    [InlineData(typeof(Sample), false)]
    [InlineData(typeof(WithEnumList), false)]
    [InlineData(typeof(WithEnumKeys), false)]
    [InlineData(typeof(WithObject), false)]
    [InlineData(typeof(WithNestedDate), false)]
    [InlineData(typeof(WithElement), false)]
    public void ViewIsJson_OnlyForTypesWithoutDatesEnumsOrOpaqueMembers(Type type, bool expected)
        => Assert.Equal(expected, DocumentMapper.For(type, Options, new DocumentLimits(1 << 20)).ViewIsJson);

    [Fact]
    public void Serialize_GivesWhatTheViewOptionsWrite_WithAndWithoutTheShortcut()
    {
        var word = new Word { Id = 3, Text = "\"quoted\" é \U0001F600 </script>", Rank = -7, Version = 2 };
        var sample = new Sample { Id = 4, Name = "n", Status = SampleStatus.Archived, At = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)), When = new DateTime(2020, 5, 6, 7, 8, 9, DateTimeKind.Utc), Tags = ["x"], Items = [new SampleItem { Sku = "s", Qty = 2 }] };

        foreach (var document in new object[] { word, sample, new WithObject { Id = 1, Anything = SampleStatus.Archived } })
        {
            var mapper = DocumentMapper.For(document.GetType(), Options, new DocumentLimits(1 << 20));
            var (json, view) = mapper.Serialize(document);

            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(document, document.GetType(), Options), json);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(document, document.GetType(), mapper.ViewOptions), view);
            Assert.Equal(mapper.ViewIsJson, ReferenceEquals(json, view));
        }
    }

    [Fact]
    public void ToBson_ReadsEveryJsonValueKindAsTheQueryEngineCompares()
    {
        var bson = LiteDbDocumentEngine.ToBson(
            """{"i":42,"big":9223372036854775807,"neg":-1,"dec":1.10,"huge":1E+300,"s":"a\"b\u00e9","t":true,"f":false,"n":null,"a":[1,[2],{"x":"y"}],"o":{"p":{"q":0.5}},"dup":1,"dup":2}""");

        var expected = new BsonDocument
        {
            ["i"] = 42L,
            ["big"] = long.MaxValue,
            ["neg"] = -1L,
            ["dec"] = 1.10m,
            ["huge"] = 1E+300,
            ["s"] = "a\"bé",
            ["t"] = true,
            ["f"] = false,
            ["n"] = BsonValue.Null,
            ["a"] = new BsonArray { 1L, new BsonArray { 2L }, new BsonDocument { ["x"] = "y" } },
            ["o"] = new BsonDocument { ["p"] = new BsonDocument { ["q"] = 0.5m } },
            ["dup"] = 2L,
        };
        Assert.Equal(expected, bson);
        Assert.Equal(BsonType.Int64, bson["i"].Type);
        Assert.Equal(BsonType.Decimal, bson["dec"].Type);
        Assert.Equal(BsonType.Double, bson["huge"].Type);
    }

    [Fact]
    public void ToBson_DeeperThanTheReadersDefault_IsRead()
    {
        var json = string.Concat(Enumerable.Repeat("[", 100)) + "1" + string.Concat(Enumerable.Repeat("]", 100));

        var value = LiteDbDocumentEngine.ToBson(json);

        for (var i = 0; i < 100; i++)
        {
            value = Assert.Single(value.AsArray);
        }

        Assert.Equal(1L, value.AsInt64);
    }
}
