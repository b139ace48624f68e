using System.Data.Common;

namespace BackEnd.Storage.Sql.Internal;

// One open connection lent to one operation or transaction. It keeps its commands (SQLite: Microsoft.Data.Sqlite prepares
// statements per command object, and re-preparing costs as much as a point read; PostgreSQL and MySQL: a kept command
// skips parsing its SQL and rebuilding its parameters, and stays prepared on the server).
internal sealed class SqlLease(DbConnection connection, bool cacheCommands, int generation = 0)
{
    private const int MaxCachedCommands = 256;

    private readonly Dictionary<string, CachedCommand>? _commands = cacheCommands ? new(StringComparer.Ordinal) : null;

    // The last command used: repeated statements (same SQL string instance) skip hashing the SQL twice per operation.
    private CachedCommand? _last;

    // SQLite only: its driver ignores tokens and timeouts mid-statement, so a progress handler (see SqliteConnectionPool)
    // polls these between virtual-machine steps and stops the statement with SQLITE_INTERRUPT.
    private volatile bool _cancelRequested;
    private long _statementStarted;

    public DbConnection Connection { get; } = connection;

    // Set by a pool whose connections run a progress handler; null elsewhere, where the driver honours tokens itself.
    public TimeProvider? Clock { get; init; }

    public TimeSpan StatementTimeout { get; init; }

    // Set by a pool whose driver prepares only when asked (MySQL): the repeated statements it prepares on the server.
    public ServerPreparedStatements? ServerPrepared { get; init; }

    // Whether the last statement was stopped because it ran past StatementTimeout.
    public bool TimedOut { get; private set; }

    public CancellationTokenRegistration BeginStatement(CancellationToken cancellationToken)
    {
        if (Clock is null)
        {
            return default;
        }

        TimedOut = false;
        _cancelRequested = false;
        Volatile.Write(ref _statementStarted, Clock.GetTimestamp());
        return cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((SqlLease)state!)._cancelRequested = true, this)
            : default;
    }

    public void EndStatement(CancellationTokenRegistration registration)
    {
        if (Clock is null)
        {
            return;
        }

        registration.Dispose();
        Volatile.Write(ref _statementStarted, 0);
        _cancelRequested = false;
    }

    // Called by SQLite every few hundred VM steps, on the thread running the statement; non-zero interrupts it.
    public int Progress()
    {
        if (_cancelRequested)
        {
            return 1;
        }

        var started = Volatile.Read(ref _statementStarted);
        if (started != 0 && Clock!.GetElapsedTime(started) >= StatementTimeout)
        {
            TimedOut = true;
            return 1;
        }

        return 0;
    }

    public int Generation { get; } = generation;

    // Set when caller SQL that may change session state ran on this connection; the pool resets or closes it on return.
    public bool SessionChanged { get; set; }

    // Set when a statement failed on a prepared statement the schema outdated; the pool forgets them before reuse.
    public bool PlansStale { get; set; }

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

    // True once for each kept command: the first time it runs, when preparing it on the server pays off.
    public bool FirstPrepare(DbCommand command)
    {
        if (_last is { Prepared: false } last && ReferenceEquals(last.Command, command))
        {
            last.Prepared = true;
            return true;
        }

        return false;
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
