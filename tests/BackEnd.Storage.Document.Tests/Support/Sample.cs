namespace BackEnd.Storage.Document.Tests.Support;

/// <summary>A document with members of every kind the query grammar covers.</summary>
public sealed class Sample
{
    public long Id { get; set; }

    public string? Name { get; set; }

    public string Code { get; set; } = "";

    public int? N { get; set; }

    public double Score { get; set; }

    public decimal Amount { get; set; }

    public SampleStatus Status { get; set; }

    public DateTimeOffset At { get; set; }

    public DateTime When { get; set; }

    public bool Flag { get; set; }

    public string[] Tags { get; set; } = [];

    public List<SampleItem> Items { get; set; } = [];

    public SampleAddress Address { get; set; } = new();

    public long Version { get; set; }
}
