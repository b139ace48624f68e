using System.Text;

namespace BackEnd.Core.Tests.Server;

/// <summary>One parsed response as a client saw it on the wire.</summary>
internal sealed class TestResponse
{
    public int Status { get; init; }

    public string Head { get; init; } = string.Empty;

    public Dictionary<string, List<string>> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public byte[] Body { get; set; } = [];

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? string.Join(", ", values) : null;

    public bool HasConnectionClose => Header("Connection")?.Contains("close", StringComparison.OrdinalIgnoreCase) == true;
}
