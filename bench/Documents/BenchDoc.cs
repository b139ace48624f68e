namespace BackEnd.Documents.Benchmarks;

/// <summary>The document both sides store: an indexed field (Email), an unindexed one (Code), and some payload.</summary>
public sealed class BenchDoc
{
    public long Id { get; set; }

    public string Email { get; set; } = "";

    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public int Age { get; set; }

    public List<string> Tags { get; set; } = [];

    public static BenchDoc Create(long id) => new()
    {
        Id = id,
        Email = "u" + id + "@example.com",
        Code = "k" + id,
        Name = "User number " + id,
        Age = (int)(id % 90),
        Tags = ["t" + (id % 7), "t" + (id % 11)],
    };
}
