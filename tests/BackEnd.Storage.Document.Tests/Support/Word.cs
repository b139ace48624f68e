namespace BackEnd.Storage.Document.Tests.Support;

/// <summary>A small document whose query view is its JSON (no dates or enums), so a test can write its stored record by hand.</summary>
public sealed class Word
{
    public long Id { get; set; }

    public string Text { get; set; } = "";

    public int Rank { get; set; }

    public long Version { get; set; }
}
