using BackEnd.Routing.Internal;
using BenchmarkDotNet.Attributes;

namespace BackEnd.Bench.Routing;

/// <summary>Route matching alone: the trie walk, with captures recorded as ranges (no strings made).</summary>
[MemoryDiagnoser]
public class MatchBenchmarks
{
    private RouteMatcher _matcher = null!;
    private string _twoParameters = null!;
    private string _literal = null!;
    private string _notFound = null!;

    [Params(10, 1000)]
    public int Routes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _matcher = RouteTable.Build(Routes);
        var last = RouteTable.LastResource(Routes);
        _twoParameters = last + "/42/items/abc";
        _literal = last;
        _notFound = "/api/nothing/here";
        var match = default(RouteMatch);
        if (_matcher.Match(_twoParameters, "GET", ref match) != MatchOutcome.Matched)
        {
            throw new InvalidOperationException("The benchmark path does not match.");
        }
    }

    [Benchmark(Baseline = true)]
    public object? MatchTwoParameters()
    {
        var match = default(RouteMatch);
        _matcher.Match(_twoParameters, "GET", ref match);
        return match.Candidate;
    }

    [Benchmark]
    public object? MatchLiteral()
    {
        var match = default(RouteMatch);
        _matcher.Match(_literal, "GET", ref match);
        return match.Candidate;
    }

    [Benchmark]
    public int MatchNotFound()
    {
        var match = default(RouteMatch);
        return (int)_matcher.Match(_notFound, "GET", ref match);
    }
}
