using BackEnd.Routing.Internal;

namespace BackEnd.Core.Tests.Routing;

/// <summary>Route values from encoded slashes and dot segments (security review, issue item 3), over the matcher alone.</summary>
public sealed class RouteValueSecurityTests
{
    [Theory]
    [InlineData("/files/..%2F..%2Fetc%2Fpasswd", "..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/files/a%2Fb", "a%2Fb")]
    [InlineData("/files/%2F", "%2F")]
    public void Match_EncodedSlashInSingleSegment_ValueNeverHasSlash(string path, string expected)
    {
        var matcher = RouteMatcherTests.Build(("GET", "/files/{name}"));
        var match = default(RouteMatch);

        var outcome = matcher.Match(path, "GET", ref match);

        Assert.Equal(MatchOutcome.Matched, outcome);
        var value = match.GetValue(path, 0);
        Assert.Equal(expected, value);
        Assert.DoesNotContain('/', value);
    }

    [Fact]
    public void Match_PathHoldingDecodedPercent252F_IsNotDecodedAgain()
    {
        // The server decodes %252F once to %2F; the router must not turn that into a slash.
        var matcher = RouteMatcherTests.Build(("GET", "/files/{name}"), ("GET", "/files/{*rest}"));
        var match = default(RouteMatch);
        const string path = "/files/..%2Fsecret";

        matcher.Match(path, "GET", ref match);

        Assert.Equal("/files/{name}", match.Candidate!.Endpoint.Pattern);
        Assert.Equal("..%2Fsecret", match.GetValue(path, 0));
    }

    [Theory]
    [InlineData("/f/a%2Fb", true)]
    [InlineData("/f/abc", true)]
    [InlineData("/f/a.b", false)]
    public void Match_RegexConstraint_RunsOnTheValueTheHandlerGets(string path, bool matches)
    {
        var matcher = RouteMatcherTests.Build(("GET", "/f/{name:regex(^[^/.]+$)}"));
        var match = default(RouteMatch);

        var outcome = matcher.Match(path, "GET", ref match);

        Assert.Equal(matches, outcome == MatchOutcome.Matched);
        if (matches)
        {
            Assert.Matches("^[^/.]+$", match.GetValue(path, 0));
        }
    }

    [Theory]
    [InlineData("/static/a/../../secret")]
    [InlineData("/static/../secret")]
    [InlineData("/static/./a")]
    [InlineData("/static/a/..")]
    public void Match_CatchAllWithDotSegment_DoesNotMatch(string path)
    {
        var matcher = RouteMatcherTests.Build(("GET", "/static/{*path}"));
        var match = default(RouteMatch);

        var outcome = matcher.Match(path, "GET", ref match);

        Assert.Equal(MatchOutcome.NotFound, outcome);
    }

    [Theory]
    [InlineData("/static/css/site.css", "css/site.css")]
    [InlineData("/static/.well-known/x..y", ".well-known/x..y")]
    [InlineData("/static/a%2F..%2Fb", "a%2F..%2Fb")]
    public void Match_CatchAllWithoutDotSegment_CapturesRest(string path, string expected)
    {
        var matcher = RouteMatcherTests.Build(("GET", "/static/{*path}"));
        var match = default(RouteMatch);

        matcher.Match(path, "GET", ref match);

        Assert.Equal(expected, match.GetValue(path, 0));
        Assert.DoesNotContain(expected.Split('/'), s => s is "." or "..");
    }
}
