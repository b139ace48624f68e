using BackEnd.StaticFiles;
using BackEnd.StaticFiles.Internal;

namespace BackEnd.Core.Tests.StaticFiles;

/// <summary>
/// Validators cached per path after the first request: every change to the file or to the folders on its path after it was cached
/// must be seen at the next request, and nothing outside the root may ever be served through a cached entry.
/// </summary>
public sealed class StaticFileCacheTests
{
    private static readonly DateTime s_modified = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public async Task ModifiedInPlace_OtherSize_NewBodyAndTag()
    {
        await using var site = await CachedSiteAsync("a.txt", "version one");
        var first = await site.GetAsync("/a.txt");

        site.Write("a.txt", "version two, longer");
        var second = await site.GetAsync("/a.txt", $"If-None-Match: {first.Header("ETag")}");

        Assert.Equal(200, second.Status);
        Assert.Equal("version two, longer", second.BodyText);
        Assert.NotEqual(first.Header("ETag"), second.Header("ETag"));
    }

    [Fact]
    public async Task ModifiedInPlace_SameSizeNewTime_NewBodyAndTag()
    {
        await using var site = await CachedSiteAsync("a.txt", "AAAA");
        var first = await site.GetAsync("/a.txt");

        site.Write("a.txt", "BBBB", s_modified.AddSeconds(1));
        var second = await site.GetAsync("/a.txt", $"If-None-Match: {first.Header("ETag")}");

        Assert.Equal(200, second.Status);
        Assert.Equal("BBBB", second.BodyText);
        Assert.Equal("Fri, 02 Jan 2026 03:04:06 GMT", second.Header("Last-Modified"));
    }

    [Fact]
    public async Task ModifiedInPlace_SameSizeAndTimeSetBack_NewBody()
    {
        // Size and mtime are restored, so only the ctime tells: the cache must not hand the old description to the new bytes.
        await using var site = await CachedSiteAsync("a.txt", "AAAA");
        await site.GetAsync("/a.txt");

        site.Write("a.txt", "BBBB");
        var second = await site.GetAsync("/a.txt");

        Assert.Equal("BBBB", second.BodyText);
        Assert.Equal("4", second.Header("Content-Length"));
    }

    [Fact]
    public async Task ReplacedByRename_SameSizeAndTime_NewFileServed()
    {
        await using var site = await CachedSiteAsync("a.txt", "AAAA");
        await site.GetAsync("/a.txt");

        var next = site.Write("a.txt.next", "BBBB");
        File.Move(next, Path.Combine(site.Root, "a.txt"), overwrite: true);
        var second = await site.GetAsync("/a.txt");

        Assert.Equal(200, second.Status);
        Assert.Equal("BBBB", second.BodyText);
    }

    [Fact]
    public async Task Deleted_404EvenWithCachedTag()
    {
        await using var site = await CachedSiteAsync("a.txt", "AAAA");
        var etag = (await site.GetAsync("/a.txt")).Header("ETag");

        File.Delete(Path.Combine(site.Root, "a.txt"));

        Assert.Equal(404, (await site.GetAsync("/a.txt", $"If-None-Match: {etag}")).Status);
        Assert.Equal(404, (await site.GetAsync("/a.txt")).Status);
    }

    [Fact]
    public async Task ReplacedBySymlinkOutsideRoot_404EvenWithCachedTag()
    {
        // The outside file has the same size and time, so only its identity differs.
        await using var site = await CachedSiteAsync("s.txt", new string('x', StaticSite.Secret.Length));
        var etag = (await site.GetAsync("/s.txt")).Header("ETag");
        File.SetLastWriteTimeUtc(Path.Combine(site.Folder, "secret.txt"), s_modified);

        File.Delete(Path.Combine(site.Root, "s.txt"));
        File.CreateSymbolicLink(Path.Combine(site.Root, "s.txt"), Path.Combine(site.Folder, "secret.txt"));
        var conditional = await site.GetAsync("/s.txt", $"If-None-Match: {etag}");
        var plain = await site.GetAsync("/s.txt");

        Assert.Equal(404, conditional.Status);
        Assert.Equal(404, plain.Status);
        Assert.DoesNotContain(StaticSite.Secret, plain.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FolderMovedOutAndLinkedBack_404()
    {
        // The file keeps its inode, size and times when its folder moves; the folder's identity on the path is what changed.
        await using var site = await CachedSiteAsync("sub/b.txt", "inside");
        Assert.Equal("inside", (await site.GetAsync("/sub/b.txt")).BodyText);

        var outside = Path.Combine(site.Folder, "moved-out");
        Directory.Move(Path.Combine(site.Root, "sub"), outside);
        Directory.CreateSymbolicLink(Path.Combine(site.Root, "sub"), outside);

        Assert.Equal(404, (await site.GetAsync("/sub/b.txt")).Status);
    }

    [Fact]
    public async Task FolderReplacedByAnother_NewFileServed()
    {
        await using var site = await CachedSiteAsync("sub/b.txt", "old");
        await site.GetAsync("/sub/b.txt");

        Directory.Move(Path.Combine(site.Root, "sub"), Path.Combine(site.Root, "sub-old"));
        site.Write("sub/b.txt", "new");

        Assert.Equal("new", (await site.GetAsync("/sub/b.txt")).BodyText);
    }

    [Fact]
    public async Task Recreated_AfterDelete_ServedAgain()
    {
        await using var site = await CachedSiteAsync("a.txt", "AAAA");
        await site.GetAsync("/a.txt");
        File.Delete(Path.Combine(site.Root, "a.txt"));
        Assert.Equal(404, (await site.GetAsync("/a.txt")).Status);

        site.Write("a.txt", "CCCC");

        Assert.Equal("CCCC", (await site.GetAsync("/a.txt")).BodyText);
    }

    [Fact]
    public void Open_PlainFile_CachedAndRevalidatedWithoutOpening()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "a.txt"), "AAAA");
        var provider = new PhysicalStaticFileProvider(folder.Path);
        var options = new StaticFileOptions();

        using (var first = provider.Open("a.txt", options))
        {
            Assert.NotNull(first);
        }

        using var second = provider.Open("a.txt", options);

        Assert.Equal(1, provider.CachedCount);
        Assert.NotNull(second);
        Assert.Equal(4, second.Length);
        Assert.True(second.TryOpen());
    }

    [Fact]
    public void Open_SymlinkedPaths_NotCached()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "a.txt"), "AAAA");
        Directory.CreateDirectory(Path.Combine(folder.Path, "real"));
        File.WriteAllText(Path.Combine(folder.Path, "real", "b.txt"), "BBBB");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "link.txt"), Path.Combine(folder.Path, "a.txt"));
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "alias"), Path.Combine(folder.Path, "real"));
        var provider = new PhysicalStaticFileProvider(folder.Path);
        var options = new StaticFileOptions();

        using var viaFileLink = provider.Open("link.txt", options);
        using var viaFolderLink = provider.Open("alias/b.txt", options);

        Assert.NotNull(viaFileLink);
        Assert.NotNull(viaFolderLink);
        Assert.Equal(0, provider.CachedCount);
    }

    [Fact]
    public void TryOpen_FileReplacedAfterLookup_False()
    {
        // The window between the stat that validated the cache and the open: the bytes of another file must not go out under the old tag.
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "a.txt");
        File.WriteAllText(path, "AAAA");
        var provider = new PhysicalStaticFileProvider(folder.Path);
        var options = new StaticFileOptions();
        provider.Open("a.txt", options)!.Dispose();
        using var cached = provider.Open("a.txt", options)!;

        File.WriteAllText(path + ".next", "BBBB");
        File.Move(path + ".next", path, overwrite: true);

        Assert.False(cached.TryOpen());
    }

    [Fact]
    public void Open_ManyFiles_CacheStaysBounded()
    {
        using var folder = new TempFolder();
        var provider = new PhysicalStaticFileProvider(folder.Path, maxCachedFiles: 8);
        var options = new StaticFileOptions();
        for (var i = 0; i < 20; i++)
        {
            var name = $"f{i}.txt";
            File.WriteAllBytes(Path.Combine(folder.Path, name), [1]);
            provider.Open(name, options)?.Dispose();
        }

        Assert.InRange(provider.CachedCount, 1, 8);
    }

    private static async Task<StaticSite> CachedSiteAsync(string relativePath, string content)
    {
        var site = new StaticSite();
        site.Write(relativePath, content);
        return await site.StartAsync();
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("backend-static-cache-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
