using System.Collections.Concurrent;

namespace BackEnd.Storage.Sql.Internal;

// Which statement texts a pool prepares on the server (MySQL). MySqlConnector keeps a prepared statement per text on each
// pooled session until the session is reset or closed, and the server caps prepared statements across all sessions
// (max_prepared_stmt_count), so only BackEnd's own repeated statements qualify, and at most Limit distinct texts.
internal sealed class ServerPreparedStatements(int limit)
{
    private readonly ConcurrentDictionary<string, byte> _texts = new(StringComparer.Ordinal);

    public int Limit { get; } = limit;

    public bool Admit(string sql)
    {
        if (_texts.ContainsKey(sql))
        {
            return true;
        }

        if (_texts.Count >= Limit)
        {
            return false;
        }

        // Racing admissions may pass the limit by the number of concurrent callers: it bounds growth, not an exact count.
        _texts.TryAdd(sql, 0);
        return true;
    }
}
