using System.ComponentModel.DataAnnotations.Schema;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

[Table("people")]
public sealed class Person
{
    public long Id { get; set; }

    public string FullName { get; set; } = "";

    public string Email { get; set; } = "";

    public int? Age { get; set; }

    public long? TeamId { get; set; }

    public long Version { get; set; }
}

[Table("teams")]
public sealed class Team
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public long Version { get; set; }
}

public sealed record PersonRow(long Id, string FullName, string Email, int? Age);

public sealed class PersonView
{
    public long Id { get; set; }

    public string FullName { get; set; } = "";

    public int? Age { get; set; }
}

[Table("mapped")]
public sealed class MappedEntity
{
    public Guid Id { get; set; }

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

    public long Big { get; set; }

    public Guid Ref { get; set; }

    public DateOnly Day { get; set; }

    public long Version { get; set; }
}
