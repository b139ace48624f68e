namespace BackEnd.Core.Tests.Storage.Models;

public sealed class ComplexMemberEntity
{
    public long Id { get; set; }

    public List<string> Tags { get; set; } = [];

    public long Version { get; set; }
}
