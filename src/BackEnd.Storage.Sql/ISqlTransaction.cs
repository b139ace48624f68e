namespace BackEnd.Storage.Sql;

/// <summary>A database transaction holding one connection: SQL and repositories obtained from it commit or roll back together.</summary>
/// <remarks>Use it from one flow at a time; run its operations one after another, not concurrently.</remarks>
public interface ISqlTransaction : ISqlExecutor, IStorageTransaction
{
}
