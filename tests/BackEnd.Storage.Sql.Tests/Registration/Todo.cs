namespace BackEnd.Storage.Sql.Tests.Registration;

/// <summary>The README's entity.</summary>
public sealed class Todo
{
    public long Id { get; set; }

    public string Title { get; set; } = "";

    public long Version { get; set; }
}
