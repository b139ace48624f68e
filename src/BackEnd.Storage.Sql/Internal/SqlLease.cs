using System.Data.Common;

namespace BackEnd.Storage.Sql.Internal;

// One open connection lent to one operation or transaction. On SQLite it keeps its prepared commands, because
// Microsoft.Data.Sqlite prepares statements per command object and re-preparing costs as much as a point read.
internal sealed class SqlLease(DbConnection connection, bool cacheCommands, int generation = 0)
{
    private const int MaxCachedCommands = 256;

    private readonly Dictionary<string, CachedCommand>? _commands = cacheCommands ? new(StringComparer.Ordinal) : null;

    // The last command used: repeated statements (same SQL string instance) skip hashing the SQL twice per operation.
    private CachedCommand? _last;

    public DbConnection Connection { get; } = connection;

    public int Generation { get; } = generation;

    // Set when caller SQL that may change session state ran on this connection; the pool resets or closes it on return.
    public bool SessionChanged { get; set; }

    public DbCommand RentCommand(string sql)
    {
        if (_commands is null)
        {
            return CreateCommand(sql);
        }

        if (_last is { InUse: false } last && ReferenceEquals(last.Command.CommandText, sql))
        {
            last.InUse = true;
            return last.Command;
        }

        if (_commands.TryGetValue(sql, out var cached))
        {
            // A nested use of the same SQL (inside a streamed query) gets its own command instead of sharing a live one.
            if (!cached.InUse)
            {
                cached.InUse = true;
                _last = cached;
                return cached.Command;
            }

            return CreateCommand(sql);
        }

        var created = CreateCommand(sql);
        if (_commands.Count < MaxCachedCommands)
        {
            _last = new CachedCommand(created) { InUse = true };
            _commands.Add(sql, _last);
        }

        return created;
    }

    public void ReturnCommand(DbCommand command)
    {
        if (_last is { } last && ReferenceEquals(last.Command, command))
        {
            last.InUse = false;
            return;
        }

        if (_commands is not null && _commands.TryGetValue(command.CommandText, out var cached) && ReferenceEquals(cached.Command, command))
        {
            cached.InUse = false;
            return;
        }

        command.Dispose();
    }

    private DbCommand CreateCommand(string sql)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public void Dispose()
    {
        if (_commands is not null)
        {
            foreach (var cached in _commands.Values)
            {
                cached.Command.Dispose();
            }

            _commands.Clear();
        }

        Connection.Dispose();
    }
}
