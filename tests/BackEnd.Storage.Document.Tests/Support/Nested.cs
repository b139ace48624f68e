namespace BackEnd.Storage.Document.Tests.Support;

public sealed class Nested
{
    public Guid Id { get; set; }

    public Nested? Child { get; set; }

    public string Text { get; set; } = "";

    public Dictionary<string, string> Fields { get; set; } = [];

    [System.Text.Json.Serialization.JsonPropertyName("dotted.name")]
    public string Dotted { get; set; } = "";
}
