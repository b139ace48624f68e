namespace BackEnd.Core.Tests.Storage.Models;

public sealed class NoKeyEntity
{
    public string Name { get; set; } = "";

    public long Version { get; set; }
}
