using System.ComponentModel.DataAnnotations.Schema;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

// Every member type beside a key the database generates: the insert binds these in place, not through a parameter list.
[Table("generated_rows")]
public sealed class GeneratedRow
{
    public long Id { get; set; }

    public int? NullableInt { get; set; }

    public string? NullableText { get; set; }

    public ContractStatus Status { get; set; }

    public ContractStatus? MaybeStatus { get; set; }

    public DateTimeOffset At { get; set; }

    public DateTimeOffset? MaybeAt { get; set; }

    public decimal Amount { get; set; }

    public decimal? MaybeAmount { get; set; }

    public byte[]? Blob { get; set; }

    public bool Flag { get; set; }

    public double Ratio { get; set; }

    public Guid Ref { get; set; }

    public DateOnly Day { get; set; }

    public long Version { get; set; }
}
