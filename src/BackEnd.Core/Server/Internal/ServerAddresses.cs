namespace BackEnd.Server.Internal;

internal sealed class ServerAddresses : IServerAddresses
{
    private volatile string[] _addresses = [];

    public IReadOnlyList<string> Addresses => _addresses;

    public void Set(IEnumerable<string> addresses) => _addresses = [.. addresses];
}
