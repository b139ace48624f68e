namespace BackEnd.Core.Tests.StaticFiles;

/// <summary>Every traversal form the issue names: each answers 400 or 404 and never the file outside the root.</summary>
public sealed class StaticPathSafetyTests : IAsyncLifetime, IAsyncDisposable
{
    private StaticSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = new StaticSite();
        _site.Write("index.html", "<h1>home</h1>");
        _site.Write("a.txt", "inside");
        _site.Write(".env", "SECRET_KEY=1");
        _site.Write(".git/config", "[core]");
        _site.Write(".well-known/security.txt", "Contact: mailto:x@example.com");
        _site.Write("sub/b.txt", "inside too");
        File.CreateSymbolicLink(Path.Combine(_site.Root, "link-out.txt"), Path.Combine(_site.Folder, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(_site.Root, "dir-out"), _site.Folder);
        File.CreateSymbolicLink(Path.Combine(_site.Root, "link-in.txt"), Path.Combine(_site.Root, "a.txt"));
        await _site.StartAsync();
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    [Theory]
    [InlineData("/../secret.txt")]
    [InlineData("/sub/../../secret.txt")]
    [InlineData("/%2e%2e/secret.txt")]
    [InlineData("/%2E%2E/%2E%2E/secret.txt")]
    [InlineData("/.%2e/secret.txt")]
    [InlineData("/..%2fsecret.txt")]
    [InlineData("/..%2Fsecret.txt")]
    [InlineData("/sub%2f..%2f..%2fsecret.txt")]
    [InlineData("/..\\secret.txt")]
    [InlineData("/..%5csecret.txt")]
    [InlineData("/sub\\..\\..\\secret.txt")]
    [InlineData("/a.txt%00.html")]
    [InlineData("/%00")]
    [InlineData("//etc/passwd")]
    [InlineData("/%2fetc/passwd")]
    [InlineData("/C:/Windows/win.ini")]
    [InlineData("/C:%5cWindows%5cwin.ini")]
    [InlineData("/CON")]
    [InlineData("/con.txt")]
    [InlineData("/sub/AUX.js")]
    [InlineData("/LPT1.txt")]
    [InlineData("/a.txt.")]
    [InlineData("/a.txt%20")]
    [InlineData("/link-out.txt")]
    [InlineData("/dir-out/secret.txt")]
    [InlineData("/dir-out/secret.js")]
    [InlineData("/sub/..%2f..%2fsecret.js")]
    public async Task Traversal_Refused_NeverServesOutsideRoot(string target)
    {
        var response = await _site.GetAsync(target);

        Assert.True(response.Status is 400 or 404, $"status {response.Status}");
        Assert.DoesNotContain(StaticSite.Secret, response.BodyText, StringComparison.Ordinal);
        Assert.StartsWith("application/problem+json", response.Header("Content-Type"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/.env")]
    [InlineData("/.git/config")]
    [InlineData("/sub/../.env")]
    public async Task DotFiles_NotServedByDefault(string target)
    {
        var response = await _site.GetAsync(target);

        Assert.Equal(404, response.Status);
        Assert.DoesNotContain("SECRET_KEY", response.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WellKnown_Served()
    {
        Assert.Equal(200, (await _site.GetAsync("/.well-known/security.txt")).Status);
    }

    [Fact]
    public async Task SymlinkInsideRoot_Served()
    {
        Assert.Equal("inside", (await _site.GetAsync("/link-in.txt")).BodyText);
    }

    [Fact]
    public async Task PlainPath_StillServed()
    {
        Assert.Equal("inside too", (await _site.GetAsync("/sub/b.txt")).BodyText);
    }
}
