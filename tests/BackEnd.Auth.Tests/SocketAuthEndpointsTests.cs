using BackEnd.Hosting;
using BackEnd.Storage.InMemory;

namespace BackEnd.Auth.Tests;

/// <summary>The suite over real sockets: the HTTP/1.1 server on 127.0.0.1 and a real <see cref="HttpClient"/>.</summary>
public sealed class SocketAuthEndpointsTests : AuthEndpointsTests
{
    protected override bool RealServer => true;

    protected override void AddStorage(IBackEndBuilder builder) => builder.AddInMemoryStorage();
}
