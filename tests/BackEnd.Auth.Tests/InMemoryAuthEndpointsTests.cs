using BackEnd.Hosting;
using BackEnd.Storage.InMemory;

namespace BackEnd.Auth.Tests;

public sealed class InMemoryAuthEndpointsTests : AuthEndpointsTests
{
    protected override void AddStorage(IBackEndBuilder builder) => builder.AddInMemoryStorage();
}
