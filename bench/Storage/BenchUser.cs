using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Storage.Benchmarks;

[Table("bench_users")]
internal sealed class BenchUser
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    public int Age { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public long Version { get; set; }
}
