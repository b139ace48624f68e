using System.Data.Common;

namespace BackEnd.Storage.Sql.Internal;

// One open connection lent to one operation or transaction. On SQLite it keeps its prepared commands, because
// Microsoft.Data.Sqlite prepares statements per command object and re-preparing costs as much as a point read.
internal sealed class SqlLease(DbConnection connection, bool cacheCommands, int generation = 0)
{
    private const int MaxCachedCommands = 256;

    private readonly Dictionary<string, DbCommand>? _commands = cacheCommands ? new(StringComparer.Ordinal) : null;

    public DbConnection Connection { get; } = connection;

    public int Generation { get; } = generation;

    public DbCommand RentCommand(string sql)
    {
        if (_commands is not null && _commands.Remove(sql, out var cached))
        {
            return cached;
        }

        var command = Connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public void ReturnCommand(DbCommand command)
    {
        // Removed while rented, so a nested use of the same SQL (a streamed query) never shares a live command.
        if (_commands is not null && _commands.Count < MaxCachedCommands && _commands.TryAdd(command.CommandText, command))
        {
            command.Transaction = null;
            return;
        }

        command.Dispose();
    }

    public void Dispose()
    {
        if (_commands is not null)
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            _commands.Clear();
        }

        Connection.Dispose();
    }
}
