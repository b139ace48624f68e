using System.Linq.Expressions;
using System.Reflection;

namespace BackEnd.Storage.Document.Tests.Support;

/// <summary>Random documents and random predicates from the supported grammar, from a fixed seed, so a failure reproduces.</summary>
internal static class SampleData
{
    // Values chosen to trip the measured LiteDB pitfalls: case, empty and padded strings, LIKE metacharacters, non-ASCII.
    public static readonly string[] Texts = ["", "a", "A", " a ", "ab", "aB", "%a", "a%", "_b", "b_", "\\", "it's", "\"q\"", "ä", "Ä", "straße", "日本", "x.y", "$z"];

    public static readonly DateTimeOffset Origin = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    public static List<Sample> Documents(int seed, int count)
    {
        var random = new Random(seed);
        var list = new List<Sample>(count);
        for (var i = 0; i < count; i++)
        {
            // Sub-millisecond ticks and varying offsets: instants must compare exactly, whatever the offset.
            var at = Origin.AddTicks(random.Next(0, 50) * 1234567L + random.Next(0, 3)).ToOffset(TimeSpan.FromHours(random.Next(-5, 6)));
            list.Add(new Sample
            {
                Name = random.Next(4) == 0 ? null : Pick(random, Texts),
                Code = Pick(random, Texts),
                N = random.Next(5) == 0 ? null : random.Next(-3, 10),
                Score = Math.Round(random.NextDouble() * 10, 2),
                Amount = random.Next(0, 1000) / 100m,
                Status = Pick(random, Enum.GetValues<SampleStatus>()),
                At = at,
                When = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(random.Next(0, 40) * 7_777_777L + random.Next(0, 2)),
                Flag = random.Next(2) == 0,
                Tags = [.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => Pick(random, Texts))],
                Items = [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => new SampleItem { Sku = Pick(random, Texts), Qty = random.Next(0, 6) })],
                Address = new SampleAddress { City = Pick(random, Texts) },
            });
        }

        return list;
    }

    public static Expression<Func<Sample, bool>> Predicate(Random random)
    {
        var x = Expression.Parameter(typeof(Sample), "x");
        return Expression.Lambda<Func<Sample, bool>>(Node(random, x, random.Next(0, 3)), x);
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private static Expression Node(Random random, ParameterExpression x, int depth)
    {
        if (depth > 0)
        {
            switch (random.Next(4))
            {
                case 0:
                    return Expression.AndAlso(Node(random, x, depth - 1), Node(random, x, depth - 1));
                case 1:
                    return Expression.OrElse(Node(random, x, depth - 1), Node(random, x, depth - 1));
                case 2:
                    return Expression.Not(Node(random, x, depth - 1));
            }
        }

        return Leaf(random, x);
    }

    private static Expression Leaf(Random random, ParameterExpression x)
    {
        Expression Member(string name) => Expression.Property(x, name);
        var ops = new Func<Expression, Expression, Expression>[]
        {
            Expression.Equal, Expression.NotEqual, Expression.LessThan, Expression.LessThanOrEqual, Expression.GreaterThan, Expression.GreaterThanOrEqual,
        };
        var op = Pick(random, ops);
        var text = Pick(random, Texts);
        var comparison = random.Next(3) switch { 0 => (StringComparison?)null, 1 => StringComparison.Ordinal, _ => StringComparison.OrdinalIgnoreCase };
        switch (random.Next(14))
        {
            case 0:
                return op(Member(nameof(Sample.N)), Expression.Constant(random.Next(4) == 0 ? null : (int?)random.Next(-3, 10), typeof(int?)));
            case 1:
                return op(Member(nameof(Sample.Score)), Expression.Constant(Math.Round(random.NextDouble() * 10, 1)));
            case 2:
                return op(Member(nameof(Sample.Amount)), Expression.Constant(random.Next(0, 1000) / 100m));
            case 3:
                return op(Expression.Convert(Member(nameof(Sample.Status)), typeof(int)), Expression.Constant((int)Pick(random, Enum.GetValues<SampleStatus>())));
            case 4:
                return op(Member(nameof(Sample.At)), Expression.Constant(Origin.AddTicks(random.Next(0, 50) * 1234567L).ToOffset(TimeSpan.FromHours(random.Next(-3, 3)))));
            case 5:
                return op(Member(nameof(Sample.When)), Expression.Constant(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(random.Next(0, 40) * 7_777_777L)));
            case 6:
                return random.Next(2) == 0
                    ? Expression.Equal(Member(nameof(Sample.Name)), Expression.Constant(random.Next(3) == 0 ? null : text, typeof(string)))
                    : Expression.NotEqual(Member(nameof(Sample.Name)), Expression.Constant(random.Next(3) == 0 ? null : text, typeof(string)));
            case 7:
            {
                var name = Pick(random, new[] { nameof(string.StartsWith), nameof(string.EndsWith), nameof(string.Contains) });
                return comparison is { } c
                    ? Expression.Call(Member(nameof(Sample.Code)), typeof(string).GetMethod(name, [typeof(string), typeof(StringComparison)])!, Expression.Constant(text), Expression.Constant(c))
                    : Expression.Call(Member(nameof(Sample.Code)), typeof(string).GetMethod(name, [typeof(string)])!, Expression.Constant(text));
            }

            case 8:
                return Expression.Call(
                    typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string), typeof(StringComparison)])!,
                    Member(nameof(Sample.Code)),
                    Expression.Constant(text),
                    Expression.Constant(comparison ?? StringComparison.Ordinal));
            case 9:
                return random.Next(2) == 0 ? Member(nameof(Sample.Flag)) : Expression.Not(Member(nameof(Sample.Flag)));
            case 10:
                return Expression.Call(EnumerableMethod(nameof(Enumerable.Contains), 2).MakeGenericMethod(typeof(string)), Member(nameof(Sample.Tags)), Expression.Constant(text));
            case 11:
            {
                var item = Expression.Parameter(typeof(SampleItem), "i");
                var inner = random.Next(2) == 0
                    ? op(Expression.Property(item, nameof(SampleItem.Qty)), Expression.Constant(random.Next(0, 6)))
                    : Expression.AndAlso(
                        Expression.Equal(Expression.Property(item, nameof(SampleItem.Sku)), Expression.Constant(text)),
                        Expression.GreaterThan(Expression.Property(item, nameof(SampleItem.Qty)), Expression.Constant(random.Next(0, 4))));
                return Expression.Call(
                    EnumerableMethod(nameof(Enumerable.Any), 2).MakeGenericMethod(typeof(SampleItem)),
                    Member(nameof(Sample.Items)),
                    Expression.Lambda<Func<SampleItem, bool>>(inner, item));
            }

            case 12:
                return Expression.Call(EnumerableMethod(nameof(Enumerable.Any), 1).MakeGenericMethod(typeof(SampleItem)), Member(nameof(Sample.Items)));
            default:
                return Expression.Equal(Expression.Property(Member(nameof(Sample.Address)), nameof(SampleAddress.City)), Expression.Constant(text));
        }
    }

    private static MethodInfo EnumerableMethod(string name, int parameters) => typeof(Enumerable).GetMethods()
        .First(m => m.Name == name && m.GetParameters().Length == parameters
            && (parameters == 1 || m.GetParameters()[1].ParameterType.IsGenericParameter || m.GetParameters()[1].ParameterType.Name.StartsWith("Func", StringComparison.Ordinal)));
}
