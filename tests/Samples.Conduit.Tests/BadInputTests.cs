using System.Net;

namespace Samples.Conduit.Tests;

/// <summary>Missing, empty, malformed and oversized input, and names that do not exist.</summary>
public sealed class BadInputTests(ConduitHost conduit) : IClassFixture<ConduitHost>
{
    private readonly ConduitHost _conduit = conduit;

    [Theory]
    [InlineData("""{"user":{"email":"a@b.c","password":"correct horse battery"}}""", "username")]
    [InlineData("""{"user":{"username":"","email":"a@b.c","password":"correct horse battery"}}""", "username")]
    [InlineData("""{"user":{"username":"someone","email":"   ","password":"correct horse battery"}}""", "email")]
    [InlineData("""{"user":{"username":"someone","email":"a@b.c","password":null}}""", "password")]
    [InlineData("""{"user":{"username":"someone","email":"not-an-address","password":"correct horse battery"}}""", "email")]
    [InlineData("""{"user":{"username":"someone","email":"a@b.c","password":"short"}}""", "password")]
    public async Task Register_MissingOrBadField_422NamingIt(string body, string field)
    {
        var reply = await _conduit.SendAsync(HttpMethod.Post, "/api/users", null, body);

        Assert.Equal((HttpStatusCode)422, reply.Status);
        Assert.NotEmpty(reply.ErrorsOf(field));
    }

    [Fact]
    public async Task Register_NoWrapper_422ForEveryRequiredField()
    {
        var reply = await _conduit.SendAsync(HttpMethod.Post, "/api/users", null, "{}");

        Assert.Equal((HttpStatusCode)422, reply.Status);
        Assert.Equal(["can't be blank"], reply.ErrorsOf("username"));
        Assert.Equal(["can't be blank"], reply.ErrorsOf("email"));
        Assert.Equal(["can't be blank"], reply.ErrorsOf("password"));
    }

    [Fact]
    public async Task Register_TakenNameAndAddress_422TakenForBoth()
    {
        var (name, _) = await _conduit.RegisterAsync();

        var reply = await _conduit.SendAsync(HttpMethod.Post, "/api/users", null,
            $$$"""{"user":{"username":"{{{name}}}","email":"{{{name.ToUpperInvariant()}}}@EXAMPLE.com","password":"correct horse battery"}}""");

        Assert.Equal((HttpStatusCode)422, reply.Status);
        Assert.Equal(["has already been taken"], reply.ErrorsOf("username"));
        Assert.Equal(["has already been taken"], reply.ErrorsOf("email"));
    }

    [Theory]
    [InlineData("""{"article":{"description":"d","body":"b"}}""", "title")]
    [InlineData("""{"article":{"title":" ","description":"d","body":"b"}}""", "title")]
    [InlineData("""{"article":{"title":"t","body":"b"}}""", "description")]
    [InlineData("""{"article":{"title":"t","description":"d","body":""}}""", "body")]
    [InlineData("""{"article":{"title":"t","description":"d","body":"b","tagList":["ok",""]}}""", "tagList")]
    [InlineData("""{}""", "title")]
    public async Task CreateArticle_MissingOrEmptyField_422NamingIt(string body, string field)
    {
        var (_, token) = await _conduit.RegisterAsync();

        var reply = await _conduit.SendAsync(HttpMethod.Post, "/api/articles", token, body);

        Assert.Equal((HttpStatusCode)422, reply.Status);
        Assert.NotEmpty(reply.ErrorsOf(field));
    }

    [Theory]
    [InlineData("PUT", "/api/user", """{"user":{"email":""}}""", "email")]
    [InlineData("PUT", "/api/user", """{}""", "user")]
    [InlineData("POST", "/api/users/login", """{"user":{"email":"x@y.z"}}""", "password")]
    [InlineData("POST", "/api/articles/{slug}/comments", """{"comment":{"body":""}}""", "body")]
    [InlineData("PUT", "/api/articles/{slug}", """{"article":{"title":""}}""", "title")]
    public async Task OtherWrites_EmptyField_422NamingIt(string method, string path, string body, string field)
    {
        var (_, token) = await _conduit.RegisterAsync();
        var slug = await _conduit.CreateArticleAsync(token);

        var reply = await _conduit.SendAsync(new HttpMethod(method), path.Replace("{slug}", slug, StringComparison.Ordinal), token, body);

        Assert.Equal((HttpStatusCode)422, reply.Status);
        Assert.NotEmpty(reply.ErrorsOf(field));
    }

    [Theory]
    [InlineData("""{"user":{"email":"a@b.c","password":""")]
    [InlineData("""{"user":{"email":"a@b.c"}} trailing""")]
    public async Task Register_MalformedJson_400(string body)
    {
        var reply = await _conduit.SendAsync(HttpMethod.Post, "/api/users", null, body);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
    }

    [Theory]
    [InlineData("POST", "/api/users", """{"user":"a string"}""")]
    [InlineData("POST", "/api/users", """{"user":{"username":["a"],"email":"a@b.c","password":"correct horse battery"}}""")]
    [InlineData("POST", "/api/articles", """{"article":{"title":5,"description":"d","body":"b"}}""")]
    [InlineData("POST", "/api/articles", """{"article":{"title":"t","description":"d","body":"b","tagList":"not a list"}}""")]
    [InlineData("PUT", "/api/user", """{"user":{"bio":{"nested":true}}}""")]
    public async Task WellFormedJsonOfTheWrongShape_422NothingWritten(string method, string path, string body)
    {
        var (_, token) = await _conduit.RegisterAsync();
        var before = await _conduit.GetAsync("/api/articles?limit=1");

        var reply = await _conduit.SendAsync(new HttpMethod(method), path, token, body);
        var after = await _conduit.GetAsync("/api/articles?limit=1");
        var me = await _conduit.GetAsync("/api/user", token);

        Assert.Equal((HttpStatusCode)422, reply.Status);
        Assert.Equal(before.Json!["articlesCount"]!.GetValue<int>(), after.Json!["articlesCount"]!.GetValue<int>());
        Assert.Null(me.Json!["user"]!["bio"]);
    }

    [Theory]
    [InlineData("POST", "/api/users")]
    [InlineData("POST", "/api/articles")]
    [InlineData("PUT", "/api/user")]
    public async Task Write_NoBody_400(string method, string path)
    {
        var (_, token) = await _conduit.RegisterAsync();

        var reply = await _conduit.SendAsync(new HttpMethod(method), path, token);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
    }

    [Fact]
    public async Task CreateArticle_BodyOverOneMebibyte_413()
    {
        var (_, token) = await _conduit.RegisterAsync();
        var huge = new string('x', 1_100_000);

        var reply = await _conduit.SendAsync(HttpMethod.Post, "/api/articles", token,
            $$$"""{"article":{"title":"big","description":"d","body":"{{{huge}}}"}}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
    }

    [Fact]
    public async Task Login_WrongPasswordAndUnknownAddress_Same401()
    {
        var (name, _) = await _conduit.RegisterAsync();

        var wrong = await _conduit.SendAsync(HttpMethod.Post, "/api/users/login", null, $$$"""{"user":{"email":"{{{name}}}@example.com","password":"not the password"}}""");
        var unknown = await _conduit.SendAsync(HttpMethod.Post, "/api/users/login", null, """{"user":{"email":"nobody@example.com","password":"not the password"}}""");
        var right = await _conduit.SendAsync(HttpMethod.Post, "/api/users/login", null, $$$"""{"user":{"email":"{{{name.ToUpperInvariant()}}}@example.com","password":"correct horse battery"}}""");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal(wrong.Text, unknown.Text);
        Assert.Equal(HttpStatusCode.OK, right.Status);
    }

    [Theory]
    [InlineData("GET", "/api/articles/no-such-article")]
    [InlineData("PUT", "/api/articles/no-such-article")]
    [InlineData("DELETE", "/api/articles/no-such-article")]
    [InlineData("POST", "/api/articles/no-such-article/favorite")]
    [InlineData("DELETE", "/api/articles/no-such-article/favorite")]
    [InlineData("GET", "/api/articles/no-such-article/comments")]
    [InlineData("POST", "/api/articles/no-such-article/comments")]
    [InlineData("DELETE", "/api/articles/{slug}/comments/999999")]
    [InlineData("DELETE", "/api/articles/{slug}/comments/abc")]
    [InlineData("GET", "/api/profiles/no-such-user")]
    [InlineData("POST", "/api/profiles/no-such-user/follow")]
    public async Task UnknownSlugCommentOrProfile_404(string method, string path)
    {
        var (_, token) = await _conduit.RegisterAsync();
        var slug = await _conduit.CreateArticleAsync(token);
        var body = method is "PUT" ? """{"article":{"body":"x"}}""" : method is "POST" && path.EndsWith("comments", StringComparison.Ordinal) ? """{"comment":{"body":"x"}}""" : null;

        var reply = await _conduit.SendAsync(new HttpMethod(method), path.Replace("{slug}", slug, StringComparison.Ordinal), token, body);

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
    }

    [Fact]
    public async Task DeleteComment_IdOfAnotherArticlesComment_404()
    {
        var (_, token) = await _conduit.RegisterAsync();
        var first = await _conduit.CreateArticleAsync(token, "First");
        var second = await _conduit.CreateArticleAsync(token, "Second");
        var comment = await _conduit.SendAsync(HttpMethod.Post, $"/api/articles/{first}/comments", token, """{"comment":{"body":"c"}}""");

        var reply = await _conduit.SendAsync(HttpMethod.Delete, $"/api/articles/{second}/comments/{comment.Json!["comment"]!["id"]}", token);

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
    }

    [Fact]
    public async Task Profile_NeverShowsTheEmailAddress()
    {
        var (name, _) = await _conduit.RegisterAsync();

        var reply = await _conduit.GetAsync($"/api/profiles/{name}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.DoesNotContain("@", reply.Text, StringComparison.Ordinal);
    }
}
