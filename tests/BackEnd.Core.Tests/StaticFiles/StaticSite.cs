using System.Net.Sockets;
using System.Text;
using BackEnd.Core.Tests.Server;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.StaticFiles;
using BackEnd.Testing;

namespace BackEnd.Core.Tests.StaticFiles;

/// <summary>A temporary folder served by <c>MapStaticFiles</c> on the real server, with a secret file beside (outside) the root.</summary>
internal sealed class StaticSite : IAsyncDisposable
{
    public const string Secret = "TOP-SECRET-OUTSIDE-ROOT";

    private BackEndTestHost? _host;

    public StaticSite()
    {
        Folder = Directory.CreateTempSubdirectory("backend-static-").FullName;
        Root = Path.Combine(Folder, "www");
        Directory.CreateDirectory(Root);
        File.WriteAllText(Path.Combine(Folder, "secret.txt"), Secret);
        File.WriteAllText(Path.Combine(Folder, "secret.js"), Secret);
    }

    public string Folder { get; }

    public string Root { get; }

    public int Port => _host!.ServerAddress!.Port;

    public string Write(string relativePath, string content, DateTime? lastWriteUtc = null) =>
        Write(relativePath, Encoding.UTF8.GetBytes(content), lastWriteUtc);

    public string Write(string relativePath, byte[] content, DateTime? lastWriteUtc = null)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, lastWriteUtc ?? new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        return path;
    }

    public async Task<StaticSite> StartAsync(Action<StaticFileOptions>? configure = null, string requestPath = "/")
    {
        _host = await BackEndTestHost.StartServerAsync(b => b.Configure(app =>
        {
            app.MapGet("/literal", () => "literal route");
            app.MapStaticFiles(requestPath, Root, configure);
        }));
        return this;
    }

    public async Task<TestResponse> GetAsync(string target, params string[] headers)
    {
        var request = new StringBuilder($"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            request.Append(header).Append("\r\n");
        }

        return await SendAsync(request.Append("\r\n").ToString());
    }

    public async Task<TestResponse> SendAsync(string request, bool head = false)
    {
        await using var client = await ConnectAsync();
        await client.SendAsync(Encoding.Latin1.GetBytes(request));
        return (await client.ReadResponseAsync(head))!;
    }

    public async Task<RawClient> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", Port);
        return new RawClient(socket, new NetworkStream(socket, ownsSocket: false));
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        Directory.Delete(Folder, recursive: true);
    }
}
