namespace BackEnd.Storage.Sql.Tests.Features;

/// <summary>An entity whose table no migration creates.</summary>
public sealed class Unmigrated
{
    public long Id { get; set; }

    public string Title { get; set; } = "";

    public long Version { get; set; }
}
