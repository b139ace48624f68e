using BackEnd.StaticFiles;

namespace BackEnd.Core.Tests.StaticFiles;

/// <summary>Options that change what is served: dot-files, symlinks leaving the root, unknown types, the MIME table, SPA fallback, prefixes.</summary>
public sealed class StaticFileOptionsTests
{
    [Fact]
    public async Task ServeDotFiles_Enabled_ServesEnv()
    {
        await using var site = new StaticSite();
        site.Write(".env", "A=1");
        await site.StartAsync(o => { o.ServeDotFiles = true; o.ServeUnknownFileTypes = true; });

        Assert.Equal("A=1", (await site.GetAsync("/.env")).BodyText);
    }

    [Fact]
    public async Task AllowSymlinksOutsideRoot_Enabled_FollowsLink()
    {
        await using var site = new StaticSite();
        File.CreateSymbolicLink(Path.Combine(site.Root, "out.txt"), Path.Combine(site.Folder, "secret.txt"));
        await site.StartAsync(o => o.AllowSymlinksOutsideRoot = true);

        Assert.Equal(StaticSite.Secret, (await site.GetAsync("/out.txt")).BodyText);
    }

    [Fact]
    public async Task ServeUnknownFileTypes_Enabled_DefaultContentType()
    {
        await using var site = new StaticSite();
        site.Write("data.bin", "xyz");
        await site.StartAsync(o => o.ServeUnknownFileTypes = true);

        var response = await site.GetAsync("/data.bin");

        Assert.Equal(200, response.Status);
        Assert.Equal("application/octet-stream", response.Header("Content-Type"));
    }

    [Fact]
    public async Task ContentTypes_Overridden_UsesNewTypeAndServesNewExtension()
    {
        await using var site = new StaticSite();
        site.Write("a.js", "x");
        site.Write("b.custom", "y");
        await site.StartAsync(o =>
        {
            o.ContentTypes[".js"] = "application/javascript";
            o.ContentTypes[".custom"] = "application/x-custom";
        });

        Assert.Equal("application/javascript", (await site.GetAsync("/a.js")).Header("Content-Type"));
        Assert.Equal("application/x-custom", (await site.GetAsync("/b.custom")).Header("Content-Type"));
    }

    [Theory]
    [InlineData(".html", "text/html; charset=utf-8")]
    [InlineData(".css", "text/css; charset=utf-8")]
    [InlineData(".js", "text/javascript; charset=utf-8")]
    [InlineData(".mjs", "text/javascript; charset=utf-8")]
    [InlineData(".json", "application/json; charset=utf-8")]
    [InlineData(".map", "application/json; charset=utf-8")]
    [InlineData(".svg", "image/svg+xml")]
    [InlineData(".png", "image/png")]
    [InlineData(".jpg", "image/jpeg")]
    [InlineData(".gif", "image/gif")]
    [InlineData(".webp", "image/webp")]
    [InlineData(".avif", "image/avif")]
    [InlineData(".ico", "image/x-icon")]
    [InlineData(".woff", "font/woff")]
    [InlineData(".woff2", "font/woff2")]
    [InlineData(".wasm", "application/wasm")]
    [InlineData(".txt", "text/plain; charset=utf-8")]
    [InlineData(".xml", "application/xml")]
    [InlineData(".pdf", "application/pdf")]
    [InlineData(".mp4", "video/mp4")]
    [InlineData(".webm", "video/webm")]
    public void ContentTypes_Defaults_CoverTheIssueList(string extension, string contentType)
    {
        Assert.Equal(contentType, new StaticFileOptions().ContentTypes[extension]);
    }

    [Fact]
    public async Task SpaFallback_UnknownRoute_ServesIndexButNotMissingAssets()
    {
        await using var site = new StaticSite();
        site.Write("index.html", "<app/>");
        await site.StartAsync(o => o.SpaFallback = "index.html");

        Assert.Equal("<app/>", (await site.GetAsync("/orders/42")).BodyText);
        Assert.Equal(404, (await site.GetAsync("/missing.js")).Status);
    }

    [Fact]
    public async Task RequestPath_Prefix_ServesBelowItOnly()
    {
        await using var site = new StaticSite();
        site.Write("a.txt", "under prefix");
        await site.StartAsync(requestPath: "/assets");

        Assert.Equal("under prefix", (await site.GetAsync("/assets/a.txt")).BodyText);
        Assert.Equal(404, (await site.GetAsync("/a.txt")).Status);
    }
}
