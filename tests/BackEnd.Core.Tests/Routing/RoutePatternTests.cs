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
    [InlineData("/a/{a}{b}")]
    [InlineData("/a/x{id?}")]
    [InlineData("/a/x{*rest}")]
    [InlineData("/a/x}")]
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

    [Theory]
    [InlineData("/x/{id")]
    [InlineData("/x/{id/y")]
    [InlineData("/x/a{id")]
    public void Parse_UnclosedBrace_SaysTheBraceIsNeverClosed(string template)
    {
        var exception = Assert.Throws<ArgumentException>(() => RoutePattern.Parse(template));

        Assert.Contains("never closed", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("mixes text", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ParametersInsideSegment_ReadsPartsInOrder()
    {
        var pattern = RoutePattern.Parse("/files/{name}.{ext:alpha}");

        var segment = pattern.Segments[1];
        Assert.Equal(RouteSegmentKind.Complex, segment.Kind);
        Assert.Equal(["name", "ext"], segment.ParameterNames);
        Assert.Equal(".", segment.Parts[1].Text);
        Assert.Single(segment.Parts[2].Constraints);
    }
}
