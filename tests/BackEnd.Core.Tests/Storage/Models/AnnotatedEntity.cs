using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Core.Tests.Storage.Models;

[Table("custom_table")]
public sealed class AnnotatedEntity
{
    [Key]
    [DatabaseGenerated(DatabaseGeneratedOption.None)]
    public long Number { get; set; }

    [Column("label")]
    public string DisplayName { get; set; } = "";

    public string HTTPStatusCode { get; set; } = "";

    [NotMapped]
    public string Computed => DisplayName.ToUpperInvariant();

    [NotMapped]
    public object? Ignored { get; set; }

    [ConcurrencyCheck]
    public long Revision { get; set; }
}
