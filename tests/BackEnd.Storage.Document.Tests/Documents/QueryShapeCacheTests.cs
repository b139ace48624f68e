using System.Linq.Expressions;
using System.Text.Json;
using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Internal.Postgres;
using BackEnd.Storage.Document.Internal.Query;
using BackEnd.Storage.Document.Tests.Support;
using Npgsql;

namespace BackEnd.Storage.Document.Tests.Documents;

/// <summary>Predicates translated once per expression shape: each call still gets its own values, and the cache stays bounded.</summary>
public sealed class QueryShapeCacheTests
{
    [Fact]
    public void Translate_SameLambdaWithDifferentCapturedValues_EachCallGetsItsOwnValue()
    {
        var (translator, mapper) = Fresh();
        var nodes = new List<QueryNode>();
        var plans = new List<QueryPlan?>();
        foreach (var code in new[] { "a", "b", "c" })
        {
            nodes.Add(translator.Translate((Expression<Func<Sample, bool>>)(x => x.Code == code), out var plan));
            plans.Add(plan);
        }

        Assert.Equal(["a", "b", "c"], nodes.Select(n => ((CompareNode)n).Value));
        Assert.NotNull(plans[0]);
        Assert.Same(plans[0], plans[2]);
        Assert.Equal(1, mapper.Shapes.Count);
    }

    [Fact]
    public void Translate_ConstantsOfOneShape_ShareAPlanButKeepTheirValues()
    {
        var (translator, mapper) = Fresh();

        var five = translator.Translate((Expression<Func<Sample, bool>>)(x => x.N > 5), out var first);
        var nine = translator.Translate((Expression<Func<Sample, bool>>)(x => x.N > 9), out var second);

        Assert.Equal(5L, ((CompareNode)five).Value);
        Assert.Equal(9L, ((CompareNode)nine).Value);
        Assert.Same(first, second);
        Assert.Equal(1, mapper.Shapes.Count);
    }

    [Fact]
    public void Translate_OtherMembersOrOperators_AreOtherShapes()
    {
        var (translator, mapper) = Fresh();
        var value = "v";

        var code = translator.Translate((Expression<Func<Sample, bool>>)(x => x.Code == value), out var codePlan);
        var name = translator.Translate((Expression<Func<Sample, bool>>)(x => x.Name == value), out var namePlan);
        var notEqual = translator.Translate((Expression<Func<Sample, bool>>)(x => x.Code != value), out var notEqualPlan);

        Assert.Equal(["code"], ((CompareNode)code).Path.Segments);
        Assert.Equal(["name"], ((CompareNode)name).Path.Segments);
        Assert.Equal(CompareOperator.NotEqual, ((CompareNode)notEqual).Operator);
        Assert.Equal(3, new[] { codePlan, namePlan, notEqualPlan }.Distinct().Count());
        Assert.Equal(3, mapper.Shapes.Count);
    }

    [Fact]
    public void Translate_NullAfterAPlannedValue_TranslatesInFullAsIsNull()
    {
        var (translator, _) = Fresh();
        string?[] names = ["a", null];
        var results = new List<(QueryNode Node, QueryPlan? Plan)>();
        foreach (var name in names)
        {
            results.Add((translator.Translate((Expression<Func<Sample, bool>>)(x => x.Name == name), out var plan), plan));
        }

        Assert.NotNull(results[0].Plan);
        Assert.Null(results[1].Plan);
        Assert.Null(((CompareNode)results[1].Node).Value);
        Assert.Contains("IS NULL", PostgresSqlWriter.Write(results[1].Node, [], "default"), StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_PlannedPredicates_WriteTheSameSqlAsAFullTranslation()
    {
        // Each predicate twice through one translator (the second from its plan) and once through a fresh one (in full).
        var (translator, _) = Fresh();
        foreach (var (n, score, amount, flag) in new[] { (3, 0.5, 2.5m, true), (7, -1.25, 10m, false) })
        {
            Expression<Func<Sample, bool>>[] predicates =
            [
                x => n < x.N && !(x.Score >= score),
                x => x.Flag == flag || (x.N.HasValue && x.Amount <= amount),
                x => x.Flag && x.N != n,
                x => !(x.Code == "k" + n) && x.Status == SampleStatus.Active,
            ];
            AssertPlannedMatchesFull(translator, predicates);
        }
    }

    [Fact]
    public void TryParameters_PlannedTree_GivesWritesParametersInOrder()
    {
        var (translator, _) = Fresh();
        var code = "z";
        var node = translator.Translate((Expression<Func<Sample, bool>>)(x => (x.Code == code || x.N > 4) && !(x.Flag == true)));
        var written = new List<NpgsqlParameter>();
        PostgresSqlWriter.Write(node, written, "default");
        var collected = new List<NpgsqlParameter>();
        long variant = 0;
        var shift = 0;

        Assert.True(PostgresSqlWriter.TryParameters(node, collected, ref variant, ref shift));
        Assert.Equal(written.Select(p => (p.Value, p.NpgsqlDbType)), collected.Select(p => (p.Value, p.NpgsqlDbType)));
        Assert.Equal(6, shift);
    }

    [Fact]
    public void Translate_OneTreeAfterItsCaptureChanged_ReadsTheNewValue()
    {
        var (translator, _) = Fresh();
        var code = "first";
        Expression<Func<Sample, bool>> predicate = x => x.Code == code;

        var before = translator.Translate(predicate, out var firstPlan);
        code = "second";
        var after = translator.Translate(predicate, out var secondPlan);

        Assert.Equal("first", ((CompareNode)before).Value);
        Assert.Equal("second", ((CompareNode)after).Value);
        Assert.Same(firstPlan, secondPlan);
    }

    [Fact]
    public void Translate_NestedMembersOfDifferentCapturedObjects_ReadEachObjectsOwnValues()
    {
        var (translator, _) = Fresh();
        var values = new List<object?>();
        foreach (var holder in new[] { new Holder(new Inner("a", 1)), new Holder(new Inner("b", 2)) })
        {
            var node = translator.Translate((Expression<Func<Sample, bool>>)(x => x.Code == holder.Inner.Code && x.N > holder.Inner.Number));
            var and = (AndNode)node;
            values.Add(((CompareNode)and.Left).Value);
            values.Add(((CompareNode)and.Right).Value);
        }

        Assert.Equal(["a", 1L, "b", 2L], values);
    }

    [Fact]
    public void Translate_ClosureOverAForLoopVariable_ReadsEachIterationsValue()
    {
        // A for loop's variable is one captured variable for all iterations (unlike foreach's): each translation reads it as it is then.
        var (translator, mapper) = Fresh();
        var nodes = new List<QueryNode>();
        for (var i = 0; i < 4; i++)
        {
            nodes.Add(translator.Translate((Expression<Func<Sample, bool>>)(x => x.N == i)));
        }

        Assert.Equal([0L, 1L, 2L, 3L], nodes.Select(n => ((CompareNode)n).Value));
        Assert.Equal(1, mapper.Shapes.Count);
    }

    [Fact]
    public void Translate_EnumsDatesAndStaticMembersFromThePlan_MatchAFullTranslation()
    {
        var (translator, _) = Fresh();
        var statuses = new[] { SampleStatus.Active, SampleStatus.Archived };
        var dates = new[] { new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.FromHours(2)), DateTimeOffset.UnixEpoch };
        for (var round = 0; round < 2; round++)
        {
            var status = statuses[round];
            var at = dates[round];
            var when = at.UtcDateTime;
            Expression<Func<Sample, bool>>[] predicates =
            [
                x => x.Status == status,
                x => x.At > at && x.When <= when,
                x => x.Code == StaticValues.Code || x.When < StaticValues.Until,
                x => x.Status != Choose(round),
            ];
            AssertPlannedMatchesFull(translator, predicates);
        }
    }

    [Fact]
    public void Translate_UntranslatableAfterPlannedShapes_StillThrowsNamingTheExpression()
    {
        var (translator, _) = Fresh();
        var code = "c";
        translator.Translate((Expression<Func<Sample, bool>>)(x => x.Code == code));
        translator.Translate((Expression<Func<Sample, bool>>)(x => x.Code == code));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var error = Assert.Throws<NotSupportedException>(() => translator.Translate((Expression<Func<Sample, bool>>)(x => x.Code.Trim() == code)));
            Assert.Contains("x.Code.Trim()", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cache_Full_KeepsItsEntriesAndAddsNoMore()
    {
        var cache = new QueryShapeCache<string, int>(2);

        cache.Add("a", 1);
        cache.Add("b", 2);
        cache.Add("c", 3);

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet("a", out var a));
        Assert.Equal(1, a);
        Assert.False(cache.TryGet("c", out _));
    }

    [Fact]
    public void Translate_ManyShapes_CacheStopsAtItsCapacityAndStillTranslates()
    {
        var (translator, mapper) = Fresh();
        var x = Expression.Parameter(typeof(Sample), "x");
        Expression body = Expression.Equal(Expression.Property(x, nameof(Sample.Code)), Expression.Constant("c"));
        var capacity = mapper.Shapes.Capacity;
        QueryNode? last = null;
        for (var i = 0; i <= capacity + 5; i++)
        {
            // Each iteration adds a NOT: a new shape every time.
            body = Expression.Not(body);
            last = translator.Translate(Expression.Lambda<Func<Sample, bool>>(body, x));
        }

        Assert.Equal(capacity, mapper.Shapes.Count);
        var depth = 0;
        while (last is NotNode not)
        {
            depth++;
            last = not.Operand;
        }

        Assert.Equal(capacity + 6, depth);
        Assert.Equal("c", ((CompareNode)last!).Value);
    }

    private static SampleStatus Choose(int round) => round == 0 ? SampleStatus.Active : SampleStatus.Archived;

    // Each predicate through the translator that planned earlier shapes gives the SQL and values of a full translation.
    private static void AssertPlannedMatchesFull(ExpressionTranslator translator, Expression<Func<Sample, bool>>[] predicates)
    {
        foreach (var predicate in predicates)
        {
            var planned = Sql(translator.Translate(predicate));
            var full = Sql(Fresh().Translator.Translate(predicate));

            Assert.Equal(full.Sql, planned.Sql);
            Assert.Equal(full.Values, planned.Values);
        }
    }

    private static (ExpressionTranslator Translator, DocumentMapper Mapper) Fresh()
    {
        // Mappers are cached per options instance, so new options give a mapper (and shape cache) of its own.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.MakeReadOnly(populateMissingResolver: true);
        var mapper = DocumentMapper.For(typeof(Sample), options, new DocumentLimits(1024));
        return (new ExpressionTranslator(mapper), mapper);
    }

    private static (string Sql, List<object?> Values) Sql(QueryNode node)
    {
        var parameters = new List<NpgsqlParameter>();
        var sql = PostgresSqlWriter.Write(node, parameters, "default");
        return (sql, [.. parameters.Select(p => p.Value)]);
    }

    private sealed record Inner(string Code, int Number);

    private sealed record Holder(Inner Inner);

    private static class StaticValues
    {
        public static readonly string Code = "static";

        public static DateTime Until => new(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    }
}
