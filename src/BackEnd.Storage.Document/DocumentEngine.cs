namespace BackEnd.Storage.Document;

/// <summary>Which engine stores documents.</summary>
public enum DocumentEngine
{
    /// <summary>An embedded LiteDB file (the default): one process per file.</summary>
    LiteDb,

    /// <summary>PostgreSQL jsonb tables named as Marten names them: shared by several app nodes.</summary>
    Postgres,
}
