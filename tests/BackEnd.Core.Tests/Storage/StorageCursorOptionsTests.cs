using BackEnd.Storage;
using BackEnd.Storage.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Core.Tests.Storage;

public sealed class StorageCursorOptionsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "backend-cursor-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void FromServices_NoKeyConfigured_GeneratesKeyFileThatTheNextStartReuses()
    {
        var file = Path.Combine(_folder, "keys", "cursor.key");
        var first = Create(o => o.KeyFile = file);
        var token = first.Protect("page 2"u8);

        var second = Create(o => o.KeyFile = file);

        Assert.True(File.Exists(file));
        Assert.True(second.TryUnprotect(token, out _));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void FromServices_ConfigurationKey_IsSharedByEveryNode()
    {
        var key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());
        var nodeA = CreateWithConfiguration(key);
        var nodeB = CreateWithConfiguration(key);

        var token = nodeA.Protect("cursor"u8);

        Assert.True(nodeB.TryUnprotect(token, out _));
        Assert.False(CursorProtector.Ephemeral.TryUnprotect(token, out _));
    }

    [Theory]
    [InlineData("not-base64!")]
    [InlineData("c2hvcnQ=")]
    public void FromServices_BadConfiguredKey_FailsNamingTheProblem(string key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Create(o => o.Key = key));

        Assert.Contains("cursor key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }

    private static CursorProtector Create(Action<StorageCursorOptions> configure)
    {
        var services = new ServiceCollection();
        services.Configure(configure);
        using var provider = services.BuildServiceProvider();
        return CursorProtector.FromServices(provider);
    }

    private CursorProtector CreateWithConfiguration(string key)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection([new(CursorProtector.ConfigurationKey, key)]).Build());
        services.Configure<StorageCursorOptions>(o => o.KeyFile = Path.Combine(_folder, "unused.key"));
        using var provider = services.BuildServiceProvider();
        return CursorProtector.FromServices(provider);
    }
}
