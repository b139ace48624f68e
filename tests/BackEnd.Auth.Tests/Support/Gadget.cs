using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Auth.Tests.Support;

/// <summary>A REST resource that anyone reads and only admins write.</summary>
[Table("auth_gadgets")]
public sealed class Gadget
{
    public long Id { get; set; }

    [Required]
    [StringLength(40, MinimumLength = 1)]
    public string Name { get; set; } = "";

    public long Version { get; set; }
}
