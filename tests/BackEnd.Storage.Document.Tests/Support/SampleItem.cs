namespace BackEnd.Storage.Document.Tests.Support;

public sealed class SampleItem
{
    public string Sku { get; set; } = "";

    public int Qty { get; set; }
}
