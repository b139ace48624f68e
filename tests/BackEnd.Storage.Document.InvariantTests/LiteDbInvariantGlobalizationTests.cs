using System.Buffers.Binary;
using System.Globalization;
using BackEnd.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Storage.Document.InvariantTests;

/// <summary>LiteDB documents under InvariantGlobalization: new files work; a file with a named culture is refused with a clear error.</summary>
public sealed class LiteDbInvariantGlobalizationTests : IDisposable
{
    // Where LiteDB 5 keeps the collation's culture (LCID) in the header page, page 0 of the file.
    private const int CollationLcidOffset = 80;

    private readonly string _path = Path.Combine(Path.GetTempPath(), "backend-invariant-" + Guid.NewGuid().ToString("N") + ".db");

    public sealed class Note
    {
        public long Id { get; set; }

        public string Text { get; set; } = "";
    }

    public void Dispose()
    {
        foreach (var file in new[] { _path, _path + ".lock", Path.ChangeExtension(_path, null) + "-log.db" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Runtime_IsInInvariantMode()
        => Assert.Throws<CultureNotFoundException>(() => CultureInfo.GetCultureInfo("en-US"));

    [Fact]
    public async Task LiteDb_CreatesQueriesAndReopensAFile()
    {
        await using (var provider = Provider())
        {
            var notes = provider.GetRequiredService<IDocumentStore>().GetCollection<Note>();
            await notes.InsertManyAsync([new Note { Text = "b" }, new Note { Text = "B" }, new Note { Text = "é" }, new Note { Text = "a" }]);
            await notes.EnsureIndexAsync(n => n.Text);
        }

        await using (var provider = Provider())
        {
            var notes = provider.GetRequiredService<IDocumentStore>().GetCollection<Note>();
            var ordered = await notes.Query().OrderBy(n => n.Text).ToListAsync();
            var b = "b";
            var ignoringCase = await notes.FindAsync(n => n.Text.StartsWith(b, StringComparison.OrdinalIgnoreCase));

            Assert.Equal(["B", "a", "b", "é"], ordered.Select(n => n.Text));
            Assert.Equal(["B", "b"], ignoringCase.Select(n => n.Text).Order(StringComparer.Ordinal));
        }

        Assert.Equal(CultureInfo.InvariantCulture.LCID, ReadLcid());
    }

    [Fact]
    public async Task LiteDb_FileWithANamedCulture_IsRefusedWithAClearError()
    {
        await using (var provider = Provider())
        {
            await provider.GetRequiredService<IDocumentStore>().GetCollection<Note>().InsertAsync(new Note { Text = "kept" });
        }

        Assert.Equal(CultureInfo.InvariantCulture.LCID, ReadLcid());
        WriteLcid(1033); // en-US, as earlier versions created files

        await using var reopened = Provider();
        var error = Assert.Throws<InvalidOperationException>(() => reopened.GetRequiredService<IDocumentStore>());

        Assert.Contains("InvariantGlobalization", error.Message, StringComparison.Ordinal);
        Assert.Equal(1033, ReadLcid());
    }

    private ServiceProvider Provider()
    {
        var services = new ServiceCollection();
        services.AddBackEnd().AddDocumentStorage(o => o.UseLiteDb("Filename=" + _path));
        return services.BuildServiceProvider();
    }

    private int ReadLcid()
    {
        using var file = File.OpenRead(_path);
        var header = new byte[CollationLcidOffset + 4];
        file.ReadExactly(header);
        return BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(CollationLcidOffset));
    }

    private void WriteLcid(int lcid)
    {
        using var file = File.OpenWrite(_path);
        file.Position = CollationLcidOffset;
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, lcid);
        file.Write(bytes);
    }
}
