namespace BackEnd.Storage.Document.Tests.Support;

public sealed class TextKeyed
{
    public string Id { get; set; } = "";
}
