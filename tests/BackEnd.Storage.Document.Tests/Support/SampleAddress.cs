namespace BackEnd.Storage.Document.Tests.Support;

public sealed class SampleAddress
{
    public string City { get; set; } = "";
}
