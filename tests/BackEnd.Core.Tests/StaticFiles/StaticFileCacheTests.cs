using BackEnd.StaticFiles;
using BackEnd.StaticFiles.Internal;

namespace BackEnd.Core.Tests.StaticFiles;

/// <summary>
/// Validators cached per path after the first request: with <see cref="StaticFileOptions.RevalidateAfter"/> zero every change to the
/// file or to the folders on its path after it was cached must be seen at the next request; within a longer interval the version
/// looked up is served whole under its own tag; and nothing outside the root may ever be served through a cached entry.
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
        var options = EveryRequest();

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
        var options = EveryRequest();

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
        // (A file whose bytes are held never opens, so this one is too large to be held.)
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "a.txt");
        File.WriteAllText(path, "AAAA");
        var provider = new PhysicalStaticFileProvider(folder.Path, maxHeldFileBytes: 2);
        var options = EveryRequest();
        provider.Open("a.txt", options)!.Dispose();
        using var cached = provider.Open("a.txt", options)!;

        File.WriteAllText(path + ".next", "BBBB");
        File.Move(path + ".next", path, overwrite: true);

        Assert.False(cached.TryOpen());
    }

    [Fact]
    public void HeldFile_ReplacedAfterLookup_LookedUpVersionWhole()
    {
        // The held bytes were read under the validators the lookup returned, so the response stays one version: the old one, whole.
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "a.txt");
        File.WriteAllText(path, "AAAA");
        var provider = new PhysicalStaticFileProvider(folder.Path);
        var options = EveryRequest();
        Opened(provider, "a.txt", options);
        using var cached = provider.Open("a.txt", options)!;

        File.WriteAllText(path + ".next", "BBBBBB");
        File.Move(path + ".next", path, overwrite: true);

        Assert.True(cached.TryOpen());
        Assert.Equal(4, cached.Length);
        Assert.Equal("AAAA"u8.ToArray(), cached.Content!.Value.ToArray());
        using var next = provider.Open("a.txt", options)!;
        Assert.Equal("BBBBBB"u8.ToArray(), next.Content!.Value.ToArray());
    }

    [Fact]
    public void Open_ManyFiles_CacheStaysBounded()
    {
        using var folder = new TempFolder();
        var provider = new PhysicalStaticFileProvider(folder.Path, maxCachedFiles: 8);
        var options = EveryRequest();
        for (var i = 0; i < 20; i++)
        {
            var name = $"f{i}.txt";
            File.WriteAllBytes(Path.Combine(folder.Path, name), [1]);
            provider.Open(name, options)?.Dispose();
        }

        Assert.InRange(provider.CachedCount, 1, 8);
    }

    [Fact]
    public void Open_SmallFile_BytesHeldWithValidators()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "a.txt"), "AAAA");
        var provider = new PhysicalStaticFileProvider(folder.Path);
        var options = EveryRequest();
        provider.Open("a.txt", options)!.Dispose();

        using var second = provider.Open("a.txt", options)!;

        Assert.Equal("AAAA"u8.ToArray(), second.Content!.Value.ToArray());
        Assert.Equal(4, provider.HeldBytes);
    }

    [Fact]
    public void Open_HeldFileRewritten_NewBytesAndOldOnesReleased()
    {
        // Same size and the old mtime put back: only the ctime moved, and the held bytes must follow the file, not the old stamp.
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "a.txt");
        File.WriteAllText(path, "AAAA");
        File.SetLastWriteTimeUtc(path, s_modified);
        var provider = new PhysicalStaticFileProvider(folder.Path);
        var options = EveryRequest();
        Opened(provider, "a.txt", options);

        File.WriteAllText(path, "BBBB");
        File.SetLastWriteTimeUtc(path, s_modified);
        using var after = provider.Open("a.txt", options)!;

        Assert.Equal("BBBB"u8.ToArray(), after.Content!.Value.ToArray());
        Assert.Equal(4, provider.HeldBytes);
    }

    [Fact]
    public void Open_HeldFileDeleted_NullAndBytesReleased()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "a.txt");
        File.WriteAllText(path, "AAAA");
        var provider = new PhysicalStaticFileProvider(folder.Path);
        var options = EveryRequest();
        Opened(provider, "a.txt", options);

        File.Delete(path);

        Assert.Null(provider.Open("a.txt", options));
        Assert.Equal(0, provider.HeldBytes);
        Assert.Equal(0, provider.CachedCount);
    }

    [Fact]
    public async Task Open_FileAboveHeldSize_ValidatorsCachedBytesRead()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "big.txt"), new string('b', 16));
        var provider = new PhysicalStaticFileProvider(folder.Path, maxHeldFileBytes: 8);
        var options = EveryRequest();
        Opened(provider, "big.txt", options);

        using var second = provider.Open("big.txt", options)!;
        var buffer = new byte[16];

        Assert.Null(second.Content);
        Assert.Equal(1, provider.CachedCount);
        Assert.Equal(0, provider.HeldBytes);
        Assert.True(second.TryOpen());
        Assert.Equal(16, await second.ReadAsync(0, buffer, CancellationToken.None));
        Assert.Equal(new string('b', 16), System.Text.Encoding.ASCII.GetString(buffer));
    }

    [Fact]
    public void Open_HeldBudgetSpent_LaterFilesNotHeld()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "a.txt"), "aaaaaaaa");
        File.WriteAllText(Path.Combine(folder.Path, "b.txt"), "bbbbbbbb");
        var provider = new PhysicalStaticFileProvider(folder.Path, maxHeldBytes: 10);
        var options = EveryRequest();
        Opened(provider, "a.txt", options);
        Opened(provider, "b.txt", options);

        using var a = provider.Open("a.txt", options)!;
        using var b = provider.Open("b.txt", options)!;

        Assert.NotNull(a.Content);
        Assert.Null(b.Content);
        Assert.Equal(8, provider.HeldBytes);
        Assert.Equal(2, provider.CachedCount);
    }

    [Fact]
    public async Task HeldFile_RangeAndHead_SliceOfHeldBytes()
    {
        await using var site = await CachedSiteAsync("a.txt", "0123456789");
        await site.GetAsync("/a.txt");

        var range = await site.GetAsync("/a.txt", "Range: bytes=2-5");
        var head = await site.SendAsync("HEAD /a.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", head: true);

        Assert.Equal(206, range.Status);
        Assert.Equal("2345", range.BodyText);
        Assert.Equal("bytes 2-5/10", range.Header("Content-Range"));
        Assert.Equal(200, head.Status);
        Assert.Equal("10", head.Header("Content-Length"));
    }

    [Fact]
    public async Task ChangedWithinRevalidateAfter_LookedUpVersionWholeUnderItsTag()
    {
        await using var site = new StaticSite();
        site.Write("a.txt", "AAAA");
        await site.StartAsync(o => o.RevalidateAfter = TimeSpan.FromHours(1));
        var first = await site.GetAsync("/a.txt");

        site.Write("a.txt", "BBBBBB", s_modified.AddSeconds(1));
        var again = await site.GetAsync("/a.txt");
        var conditional = await site.GetAsync("/a.txt", $"If-None-Match: {first.Header("ETag")}");

        Assert.Equal("AAAA", again.BodyText);
        Assert.Equal("4", again.Header("Content-Length"));
        Assert.Equal(first.Header("ETag"), again.Header("ETag"));
        Assert.Equal(304, conditional.Status);
    }

    [Fact]
    public async Task ChangedAfterRevalidateAfter_NewBodyAndTag()
    {
        await using var site = new StaticSite();
        site.Write("a.txt", "AAAA");
        await site.StartAsync(o => o.RevalidateAfter = TimeSpan.FromMilliseconds(200));
        var first = await site.GetAsync("/a.txt");

        site.Write("a.txt", "BBBBBB", s_modified.AddSeconds(1));
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        var second = await site.GetAsync("/a.txt", $"If-None-Match: {first.Header("ETag")}");

        Assert.Equal(200, second.Status);
        Assert.Equal("BBBBBB", second.BodyText);
        Assert.NotEqual(first.Header("ETag"), second.Header("ETag"));
    }

    [Fact]
    public async Task LargeFileReplacedWithinRevalidateAfter_NewFileNeverOldTag()
    {
        // Not held, so the body is read from disk: the open finds another file and the lookup is done again at once, not after the interval.
        await using var site = new StaticSite();
        site.Write("big.txt", new string('a', 100_000));
        await site.StartAsync(o => o.RevalidateAfter = TimeSpan.FromHours(1));
        var first = await site.GetAsync("/big.txt");

        var next = site.Write("big.txt.next", new string('b', 100_001));
        File.Move(next, Path.Combine(site.Root, "big.txt"), overwrite: true);
        var second = await site.GetAsync("/big.txt");

        Assert.Equal(200, second.Status);
        Assert.Equal(new string('b', 100_001), second.BodyText);
        Assert.NotEqual(first.Header("ETag"), second.Header("ETag"));
    }

    [Fact]
    public async Task ReplacedBySymlinkOutsideRootWithinRevalidateAfter_SecretNeverServed()
    {
        // Inside the interval the held copy of the old file may still go out, but never a byte of what the link points at.
        await using var site = new StaticSite();
        site.Write("s.txt", new string('x', StaticSite.Secret.Length));
        site.Write("big.txt", new string('y', 100_000));
        await site.StartAsync(o => o.RevalidateAfter = TimeSpan.FromHours(1));
        await site.GetAsync("/s.txt");
        await site.GetAsync("/big.txt");
        File.WriteAllText(Path.Combine(site.Folder, "big-secret.txt"), StaticSite.Secret + new string('z', 100_000 - StaticSite.Secret.Length));
        File.SetLastWriteTimeUtc(Path.Combine(site.Folder, "big-secret.txt"), s_modified);

        foreach (var (name, target) in new[] { ("s.txt", "secret.txt"), ("big.txt", "big-secret.txt") })
        {
            File.Delete(Path.Combine(site.Root, name));
            File.CreateSymbolicLink(Path.Combine(site.Root, name), Path.Combine(site.Folder, target));
        }

        var small = await site.GetAsync("/s.txt");
        var big = await site.GetAsync("/big.txt");

        Assert.DoesNotContain(StaticSite.Secret, small.BodyText, StringComparison.Ordinal);
        Assert.Equal(404, big.Status);
        Assert.DoesNotContain(StaticSite.Secret, big.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MissingPath_RememberedForTheIntervalOnly()
    {
        using var folder = new TempFolder();
        var provider = new PhysicalStaticFileProvider(folder.Path);
        var trusting = new StaticFileOptions { RevalidateAfter = TimeSpan.FromHours(1) };
        var asking = EveryRequest();

        Assert.Null(provider.Open("a.txt.br", trusting));
        File.WriteAllText(Path.Combine(folder.Path, "a.txt.br"), "BR");
        var withinInterval = provider.Open("a.txt.br", trusting);
        using var askingAgain = provider.Open("a.txt.br", asking);

        Assert.Null(withinInterval);
        Assert.NotNull(askingAgain);
        Assert.Equal(1, provider.CachedCount);
    }

    [Fact]
    public void Open_ManyMissingPaths_MemoryStaysBounded()
    {
        using var folder = new TempFolder();
        var provider = new PhysicalStaticFileProvider(folder.Path, maxCachedFiles: 8);
        var options = new StaticFileOptions { RevalidateAfter = TimeSpan.FromHours(1) };
        for (var i = 0; i < 20; i++)
        {
            Assert.Null(provider.Open($"missing{i}.txt", options));
        }

        var asking = new PhysicalStaticFileProvider(folder.Path);
        asking.Open("missing.txt", EveryRequest());

        Assert.InRange(provider.MissingCount, 1, 8);
        Assert.Equal(0, asking.MissingCount);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-3_600_000)]
    public void RevalidateAfter_Negative_Refused(int milliseconds)
    {
        var options = new StaticFileOptions();

        Assert.Throws<ArgumentOutOfRangeException>(() => options.RevalidateAfter = TimeSpan.FromMilliseconds(milliseconds));
        Assert.Equal(StaticFileDefaults.RevalidateAfter, options.RevalidateAfter);
    }

    private static StaticFileOptions EveryRequest() => new() { RevalidateAfter = TimeSpan.Zero };

    private static void Opened(PhysicalStaticFileProvider provider, string subpath, StaticFileOptions options) => provider.Open(subpath, options)!.Dispose();

    private static async Task<StaticSite> CachedSiteAsync(string relativePath, string content)
    {
        var site = new StaticSite();
        site.Write(relativePath, content);
        return await site.StartAsync(o => o.RevalidateAfter = TimeSpan.Zero);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("backend-static-cache-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
