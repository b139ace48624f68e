using System.ComponentModel.DataAnnotations.Schema;

namespace Hello;

/// <summary>A row of the <c>users</c> table, read through the repository.</summary>
[Table("users")]
public sealed class StoredUser
{
    /// <summary>Gets or sets the key.</summary>
    [DatabaseGenerated(DatabaseGeneratedOption.None)]
    public long Id { get; set; }

    /// <summary>Gets or sets the user name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the optimistic-concurrency version.</summary>
    public long Version { get; set; }
}
