using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Core.Tests.Storage.Models;

public sealed class ControlCharacterColumnEntity
{
    public long Id { get; set; }

    [Column("name\0\"; DROP TABLE users; --")]
    public string Name { get; set; } = "";

    public long Version { get; set; }
}
