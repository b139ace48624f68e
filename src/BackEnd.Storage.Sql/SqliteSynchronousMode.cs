namespace BackEnd.Storage.Sql;

/// <summary>How hard SQLite waits for the disk on commit (<c>PRAGMA synchronous</c>).</summary>
public enum SqliteSynchronousMode
{
    /// <summary>With WAL, a commit survives an application crash; a power loss may lose the last commits but never corrupts the file.</summary>
    Normal,

    /// <summary>Every commit is on disk before it returns, surviving a power loss, at a cost in write speed.</summary>
    Full,
}
