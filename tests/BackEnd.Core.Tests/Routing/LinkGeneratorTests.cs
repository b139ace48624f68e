using BackEnd.Routing;

namespace BackEnd.Core.Tests.Routing;

public sealed class LinkGeneratorTests
{
    [Theory]
    [InlineData("/products/{id:int}", "/products/7")]
    [InlineData("/shop/{category}/{id}", "/shop/pens%20%26%20ink/7")]
    [InlineData("/files/{*path}", "/files/a/b%20c")]
    [InlineData("/list/{page=1}", "/list")]
    [InlineData("/v{id}/{category}.json", "/v7/pens%20%26%20ink.json")]
    public void GetPath_NamedRoute_FillsTemplate(string pattern, string expected)
    {
        var links = Create(pattern);

        var path = links.GetPath("r", new Dictionary<string, object?> { ["id"] = 7, ["category"] = "pens & ink", ["path"] = "a/b c" });

        Assert.Equal(expected, path.Split('?')[0]);
    }

    [Fact]
    public void GetPath_ExtraValues_BecomeQueryString()
    {
        var links = Create("/products/{id}");

        var path = links.GetPath("r", new Dictionary<string, object?> { ["id"] = 1, ["sort"] = "name", ["price"] = 2.5m });

        Assert.Equal("/products/1?sort=name&price=2.5", path);
    }

    [Fact]
    public void GetPath_MissingRequiredValue_ThrowsNamingIt()
    {
        var links = Create("/products/{id}");

        var exception = Assert.Throws<InvalidOperationException>(() => links.GetPath("r"));

        Assert.Contains("'id'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetPath_UnknownName_Throws()
    {
        var links = Create("/products/{id}");

        Assert.Throws<InvalidOperationException>(() => links.GetPath("other"));
    }

    private static LinkGenerator Create(string pattern) =>
        new(() => [new Endpoint(pattern, ["GET"], "r", [], null, _ => default)]);
}
