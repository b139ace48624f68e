namespace BackEnd.Server;

/// <summary>The addresses the server is listening on, with the real port when port 0 was requested.</summary>
public interface IServerAddresses
{
    /// <summary>Gets the bound addresses, such as <c>http://127.0.0.1:50123</c>; empty until the server has started.</summary>
    IReadOnlyList<string> Addresses { get; }
}
