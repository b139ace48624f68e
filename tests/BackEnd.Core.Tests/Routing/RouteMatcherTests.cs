using BackEnd.Routing;
using BackEnd.Routing.Internal;

namespace BackEnd.Core.Tests.Routing;

public sealed class RouteMatcherTests
{
    [Theory]
    [InlineData("/users/me", "/users/me")]
    [InlineData("/users/42", "/users/{id:int}")]
    [InlineData("/users/bob", "/users/{name}")]
    [InlineData("/users/bob/extra", "/users/{*rest}")]
    [InlineData("/USERS/ME", "/users/me")]
    public void Match_PrecedenceTable_PicksMostSpecific(string path, string expected)
    {
        // Registered least specific first, to show that order does not matter.
        var matcher = Build(("GET", "/users/{*rest}"), ("GET", "/users/{name}"), ("GET", "/users/{id:int}"), ("GET", "/users/me"));

        var pattern = Match(matcher, "GET", path);

        Assert.Equal(expected, pattern);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Match_TwoConstrainedSiblings_OrderIndependentOfRegistration(bool reversed)
    {
        (string, string)[] routes = [("GET", "/a/{x:long}"), ("GET", "/a/{y:int}"), ("GET", "/a/{z:int:min(10)}")];
        var matcher = Build(reversed ? [.. routes.Reverse()] : routes);

        var small = Match(matcher, "GET", "/a/5");
        var large = Match(matcher, "GET", "/a/50");

        Assert.Equal("/a/{y:int}", small);
        Assert.Equal("/a/{z:int:min(10)}", large);
    }

    [Fact]
    public void Match_LiteralBranchDeadEnds_BacktracksToParameter()
    {
        var matcher = Build(("GET", "/a/{x}/c"), ("GET", "/a/b/d"));

        var pattern = Match(matcher, "GET", "/a/b/c");

        Assert.Equal("/a/{x}/c", pattern);
    }

    [Fact]
    public void Match_TwoParameters_CapturesValues()
    {
        var matcher = Build(("GET", "/orders/{orderId:int}/lines/{line}"));
        var match = default(RouteMatch);

        var outcome = matcher.Match("/orders/7/lines/abc", "GET", ref match);

        Assert.Equal(MatchOutcome.Matched, outcome);
        Assert.Equal(["orderId", "line"], match.Candidate!.ParameterNames);
        Assert.Equal("7", match.GetValue("/orders/7/lines/abc", 0));
        Assert.Equal("abc", match.GetValue("/orders/7/lines/abc", 1));
    }

    [Fact]
    public void Match_EncodedSlashInSegment_StaysEncodedInOneSegment()
    {
        var matcher = Build(("GET", "/files/{name}"));
        var match = default(RouteMatch);
        const string path = "/files/a%2Fb";

        var outcome = matcher.Match(path, "GET", ref match);

        Assert.Equal(MatchOutcome.Matched, outcome);
        Assert.Equal("a%2Fb", match.GetValue(path, 0));
    }

    [Fact]
    public void Match_CatchAll_CapturesRestIncludingSlashes()
    {
        var matcher = Build(("GET", "/static/{*path}"));
        var match = default(RouteMatch);
        const string path = "/static/css/site.css";

        matcher.Match(path, "GET", ref match);

        Assert.Equal("css/site.css", match.GetValue(path, 0));
    }

    [Fact]
    public void Match_CatchAllWithNothingLeft_MatchesEmpty()
    {
        var matcher = Build(("GET", "/static/{*path}"));
        var match = default(RouteMatch);

        var outcome = matcher.Match("/static", "GET", ref match);

        Assert.Equal(MatchOutcome.Matched, outcome);
        Assert.Equal(string.Empty, match.GetValue("/static", 0));
    }

    [Theory]
    [InlineData("/products", "1")]
    [InlineData("/products/3", "3")]
    public void Match_DefaultValue_UsedWhenSegmentMissing(string path, string expectedPage)
    {
        var matcher = Build(("GET", "/products/{page=1}"));
        var match = default(RouteMatch);

        matcher.Match(path, "GET", ref match);

        var value = match.Candidate!.ParameterNames.Length == 1 ? match.GetValue(path, 0) : match.Candidate.Defaults[0].Value;
        Assert.Equal(expectedPage, value);
    }

    [Theory]
    [InlineData("/p", true)]
    [InlineData("/p/x", true)]
    [InlineData("/p/x/y", false)]
    public void Match_OptionalParameter_MatchesWithAndWithout(string path, bool expected)
    {
        var matcher = Build(("GET", "/p/{id?}"));
        var match = default(RouteMatch);

        var outcome = matcher.Match(path, "GET", ref match);

        Assert.Equal(expected, outcome == MatchOutcome.Matched);
    }

    [Fact]
    public void Match_TrailingSlash_FindsRoute()
    {
        var matcher = Build(("GET", "/users"));

        var pattern = Match(matcher, "GET", "/users/");

        Assert.Equal("/users", pattern);
    }

    [Fact]
    public void Match_Root_FindsRootRoute()
    {
        var matcher = Build(("GET", "/"), ("GET", "/a"));

        var pattern = Match(matcher, "GET", "/");

        Assert.Equal("/", pattern);
    }

    [Fact]
    public void Match_UnknownPath_IsNotFound()
    {
        var matcher = Build(("GET", "/a"));
        var match = default(RouteMatch);

        var outcome = matcher.Match("/b", "GET", ref match);

        Assert.Equal(MatchOutcome.NotFound, outcome);
    }

    [Fact]
    public void Match_PathMatchesOtherMethod_IsMethodNotAllowedWithUnionOfMethods()
    {
        var matcher = Build(("GET", "/items/{id}"), ("DELETE", "/items/{id:int}"), ("PUT", "/items/special"));
        var match = default(RouteMatch);

        var outcome = matcher.Match("/items/5", "POST", ref match);

        Assert.Equal(MatchOutcome.MethodNotAllowed, outcome);
        Assert.Equal("DELETE, GET, HEAD, OPTIONS", matcher.GetAllowedMethods("/items/5"));
    }

    [Fact]
    public void Match_MethodOnlyOnLessSpecificRoute_FallsBackToIt()
    {
        var matcher = Build(("POST", "/items/special"), ("GET", "/items/{id}"));

        var pattern = Match(matcher, "GET", "/items/special");

        Assert.Equal("/items/{id}", pattern);
    }

    [Fact]
    public void Match_Head_ServedByGet()
    {
        var matcher = Build(("GET", "/a"));

        var pattern = Match(matcher, "HEAD", "/a");

        Assert.Equal("/a", pattern);
    }

    [Fact]
    public void Match_Options_IsAutomatic()
    {
        var matcher = Build(("GET", "/a"));
        var match = default(RouteMatch);

        var outcome = matcher.Match("/a", "OPTIONS", ref match);

        Assert.Equal(MatchOutcome.Options, outcome);
    }

    [Fact]
    public void Match_CustomMethodToken_Matches()
    {
        var matcher = Build(("PROPFIND", "/dav"));

        var pattern = Match(matcher, "PROPFIND", "/dav");

        Assert.Equal("/dav", pattern);
    }

    [Theory]
    [InlineData("/a/{id}", "/a/{name}")]
    [InlineData("/a/{id:int}", "/A/{x:INT}")]
    [InlineData("/a/{id?}", "/a")]
    [InlineData("/a/{*rest}", "/a/{*other}")]
    public void Build_IndistinguishableRoutes_ThrowsNamingBoth(string first, string second)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Build(("GET", first), ("GET", second)));

        Assert.Contains(first, exception.Message, StringComparison.Ordinal);
        Assert.Contains(second, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SameTemplateDifferentMethods_IsAllowed()
    {
        var matcher = Build(("GET", "/a/{id}"), ("DELETE", "/a/{id}"));

        var pattern = Match(matcher, "DELETE", "/a/1");

        Assert.Equal("/a/{id}", pattern);
    }

    [Fact]
    public void Match_ManyRoutes_FindsEach()
    {
        var routes = Enumerable.Range(0, 1000).Select(i => ("GET", $"/r{i}/{{id:int}}/items")).ToArray();
        var matcher = Build(routes);

        var pattern = Match(matcher, "GET", "/r999/5/items");

        Assert.Equal("/r999/{id:int}/items", pattern);
    }

    internal static RouteMatcher Build(params (string Method, string Pattern)[] routes) =>
        RouteMatcher.Build(routes.Select(r => new Endpoint(r.Pattern, [r.Method], null, [], null, _ => default)).ToList());

    private static string? Match(RouteMatcher matcher, string method, string path)
    {
        var match = default(RouteMatch);
        return matcher.Match(path, method, ref match) == MatchOutcome.Matched ? match.Candidate!.Endpoint.Pattern : null;
    }
}
