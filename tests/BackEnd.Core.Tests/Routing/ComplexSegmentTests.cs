using BackEnd.Routing.Internal;

namespace BackEnd.Core.Tests.Routing;

public sealed class ComplexSegmentTests
{
    [Theory]
    [InlineData("/files/report.pdf", "report", "pdf")]
    [InlineData("/files/archive.tar.gz", "archive.tar", "gz")]
    [InlineData("/files/A.B", "A", "B")]
    public void Match_NameDotExt_SplitsAtLastDot(string path, string name, string ext)
    {
        var matcher = RouteMatcherTests.Build(("GET", "/files/{name}.{ext}"));
        var match = default(RouteMatch);

        var outcome = matcher.Match(path, "GET", ref match);

        Assert.Equal(MatchOutcome.Matched, outcome);
        Assert.Equal(["name", "ext"], match.Candidate!.ParameterNames);
        Assert.Equal(name, match.GetValue(path, 0));
        Assert.Equal(ext, match.GetValue(path, 1));
    }

    [Theory]
    [InlineData("/files/.pdf")]
    [InlineData("/files/report.")]
    [InlineData("/files/report")]
    public void Match_NameDotExtWithEmptyPart_DoesNotMatch(string path)
    {
        var matcher = RouteMatcherTests.Build(("GET", "/files/{name}.{ext}"));
        var match = default(RouteMatch);

        var outcome = matcher.Match(path, "GET", ref match);

        Assert.Equal(MatchOutcome.NotFound, outcome);
    }

    [Theory]
    [InlineData("/v2/items", "2")]
    [InlineData("/V10/items", "10")]
    public void Match_PrefixParameter_CapturesRest(string path, string version)
    {
        var matcher = RouteMatcherTests.Build(("GET", "/v{version:int}/items"), ("GET", "/{area}/items"));
        var match = default(RouteMatch);

        matcher.Match(path, "GET", ref match);

        Assert.Equal("/v{version:int}/items", match.Candidate!.Endpoint.Pattern);
        Assert.Equal(version, match.GetValue(path, 0));
    }

    [Fact]
    public void Match_PrefixParameterFailsConstraint_FallsBackToPlainParameter()
    {
        var matcher = RouteMatcherTests.Build(("GET", "/v{version:int}/items"), ("GET", "/{area}/items"));
        var match = default(RouteMatch);

        matcher.Match("/vx/items", "GET", ref match);

        Assert.Equal("/{area}/items", match.Candidate!.Endpoint.Pattern);
        Assert.Equal("vx", match.GetValue("/vx/items", 0));
    }

    [Theory]
    [InlineData("/files/readme.md", "/files/readme.md")]
    [InlineData("/files/a.md", "/files/{name}.md")]
    [InlineData("/files/a.txt", "/files/{name}.{ext}")]
    [InlineData("/files/a", "/files/{id}")]
    [InlineData("/files/a/b", "/files/{*rest}")]
    public void Match_Precedence_LiteralThenComplexThenParameterThenCatchAll(string path, string expected)
    {
        var matcher = RouteMatcherTests.Build(
            ("GET", "/files/{*rest}"), ("GET", "/files/{id}"), ("GET", "/files/{name}.{ext}"), ("GET", "/files/{name}.md"), ("GET", "/files/readme.md"));
        var match = default(RouteMatch);

        matcher.Match(path, "GET", ref match);

        Assert.Equal(expected, match.Candidate!.Endpoint.Pattern);
    }

    [Fact]
    public void Match_ThreeParameters_CapturesEachInOrder()
    {
        var matcher = RouteMatcherTests.Build(("GET", "/d/{year:int}-{month:int}-{day:int}/x"));
        var match = default(RouteMatch);
        const string path = "/d/2026-11-27/x";

        matcher.Match(path, "GET", ref match);

        Assert.Equal(["2026", "11", "27"], Enumerable.Range(0, 3).Select(i => match.GetValue(path, i)));
    }

    [Fact]
    public void Build_SameComplexShapeWithOtherNames_IsAmbiguous()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            RouteMatcherTests.Build(("GET", "/files/{name}.{ext}"), ("GET", "/files/{a}.{b}")));

        Assert.Contains("ambiguous", exception.Message, StringComparison.Ordinal);
    }
}
