using BackEnd.Routing.Internal;

namespace BackEnd.Core.Tests.Routing;

public sealed class RoutePatternTests
{
    [Fact]
    public void Parse_FullTemplate_ReadsEverySegmentKind()
    {
        var pattern = RoutePattern.Parse("/shop/{id:int:min(1)}/{page=2}");

        Assert.Equal(RouteSegmentKind.Literal, pattern.Segments[0].Kind);
        Assert.Equal("id", pattern.Segments[1].Text);
        Assert.Equal(2, pattern.Segments[1].Constraints.Length);
        Assert.Equal("2", pattern.Segments[2].DefaultValue);
    }

    [Fact]
    public void Parse_RegexWithBracesAndColons_KeepsWholeExpression()
    {
        var pattern = RoutePattern.Parse("/codes/{code:regex(^[a-z]{2}:\\d+$)}");

        Assert.Equal("regex(^[a-z]{2}:\\d+$)", pattern.Segments[1].ConstraintKey.TrimStart(':'));
    }

    [Theory]
    [InlineData("/a/{*rest}/b")]
    [InlineData("/a/{id?}/b")]
    [InlineData("/a/{id}/{id}")]
    [InlineData("/a/x{id}")]
    [InlineData("/a/{id:nope}")]
    [InlineData("/a/{}")]
    [InlineData("/a//b")]
    [InlineData("/a/{id?}/{*rest}")]
    public void Parse_InvalidTemplate_ThrowsWithTemplateInMessage(string template)
    {
        var exception = Assert.Throws<ArgumentException>(() => RoutePattern.Parse(template));

        Assert.Contains(template, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api", "/users", "/api/users")]
    [InlineData("/api/", "users", "/api/users")]
    [InlineData("api", "/", "/api")]
    [InlineData("", "/", "/")]
    public void Combine_PrefixAndPattern_JoinsWithOneSlash(string prefix, string pattern, string expected)
    {
        var combined = RoutePattern.Combine(prefix, pattern);

        Assert.Equal(expected, combined);
    }
}
