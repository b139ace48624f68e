using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace BackEnd.Storage.Sql.Internal;

// BackEnd's own pool rather than Microsoft.Data.Sqlite's: it applies the safety pragmas once per physical connection,
// keeps prepared commands alive across operations, and notices a deleted database file instead of recreating it empty.
internal sealed class SqliteConnectionPool : SqlConnectionSource
{
    // VM steps between checks for cancellation and CommandTimeout: well under a millisecond of work, and a point read
    // finishes before the first check.
    private const int ProgressInterval = 1000;

    private readonly SqlStorageOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentStack<SqlLease> _idle = new();
    private readonly SemaphoreSlim _slots;
    private readonly string _createConnectionString;
    private readonly string _openConnectionString;
    private readonly string _pragmas;
    private readonly object _openLock = new();
    private volatile bool _created;
    private int _generation;
    private long _lastFileCheck;

    public SqliteConnectionPool(SqlStorageOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxPoolSize, options.MaxPoolSize);
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds),
        };
        var inMemory = builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";
        FilePath = inMemory ? null : Path.GetFullPath(builder.DataSource);
        if (builder.Mode == SqliteOpenMode.ReadWriteCreate)
        {
            _createConnectionString = builder.ConnectionString;

            // Once the file exists, reopening must not silently create a new empty database where it was deleted.
            builder.Mode = SqliteOpenMode.ReadWrite;
        }
        else
        {
            _createConnectionString = builder.ConnectionString;
        }

        _openConnectionString = builder.ConnectionString;
        var synchronous = options.SqliteSynchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL";
        _pragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = {synchronous};");
    }

    public string? FilePath { get; }

    public override SqlDialect Dialect => SqliteDialect.Instance;

    public override async ValueTask<SqlLease> RentAsync(CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(_options.CommandTimeout, cancellationToken).ConfigureAwait(false))
        {
            throw new StorageUnavailableException($"All {_options.MaxPoolSize} SQLite connections stayed busy for {_options.CommandTimeout.TotalSeconds:0} s.");
        }

        try
        {
            CheckFile();
            var generation = Volatile.Read(ref _generation);
            while (_idle.TryPop(out var lease))
            {
                if (lease.Generation == generation)
                {
                    return lease;
                }

                lease.Dispose();
            }

            return Open(generation);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    public override bool TryRentIdle([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SqlLease? lease)
    {
        lease = null;
        if (!_slots.Wait(0))
        {
            return false;
        }

        try
        {
            CheckFile();
            var generation = Volatile.Read(ref _generation);
            while (_idle.TryPop(out var idle))
            {
                if (idle.Generation == generation)
                {
                    lease = idle;
                    return true;
                }

                idle.Dispose();
            }
        }
        catch
        {
            _slots.Release();
            throw;
        }

        _slots.Release();
        return false;
    }

    public override ValueTask ReturnAsync(SqlLease lease)
    {
        if (lease.Generation == Volatile.Read(ref _generation) && IsReusable(lease))
        {
            _idle.Push(lease);
        }
        else
        {
            lease.Dispose();
        }

        _slots.Release();
        return ValueTask.CompletedTask;
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        while (_idle.TryPop(out var lease))
        {
            lease.Dispose();
        }
    }

    public override ValueTask DisposeAsync()
    {
        Clear();
        return ValueTask.CompletedTask;
    }

    // A connection still inside a transaction (caller SQL ran BEGIN, or failed after it) would run the next borrower's
    // statements in that transaction, uncommitted and holding the write lock; closing it rolls the transaction back.
    // One whose session caller SQL may have changed (PRAGMA foreign_keys = OFF, ATTACH, temporary tables) is closed too,
    // and the next open applies the safety pragmas again.
    private static bool IsReusable(SqlLease lease)
        => !lease.SessionChanged
            && lease.Connection is SqliteConnection { State: System.Data.ConnectionState.Open } connection
            && SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) != 0;

    private void CheckFile()
    {
        if (FilePath is null || !_created)
        {
            return;
        }

        var now = _timeProvider.GetTimestamp();
        if (_timeProvider.GetElapsedTime(Interlocked.Read(ref _lastFileCheck), now) < _options.FileCheckInterval)
        {
            return;
        }

        Interlocked.Exchange(ref _lastFileCheck, now);
        if (!File.Exists(FilePath))
        {
            Clear();
            Log.SqliteFileMissing(_logger, FilePath);
            throw new StorageUnavailableException($"The SQLite database file '{FilePath}' is missing; it was deleted or moved.");
        }
    }

    private SqlLease Open(int generation)
    {
        var create = !_created;
        var connection = new SqliteConnection(create ? _createConnectionString : _openConnectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            if (create)
            {
                // journal_mode is stored in the file, so setting it once is enough; serialized so two first opens do not race.
                lock (_openLock)
                {
                    command.CommandText = "PRAGMA journal_mode = WAL;";
                    command.ExecuteNonQuery();
                }
            }

            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
        }
        catch (SqliteException exception)
        {
            connection.Dispose();
            var where = FilePath is null ? "in-memory database" : $"database file '{FilePath}'";
            var hint = create ? "; check that its folder exists and is writable by this process" : string.Empty;
            throw new StorageUnavailableException($"The SQLite {where} cannot be opened (SQLite error {exception.SqliteErrorCode}: {exception.Message}){hint}.", exception);
        }

        if (create)
        {
            _created = true;
            _lastFileCheck = _timeProvider.GetTimestamp();
            Log.SqliteOpened(_logger, FilePath ?? ":memory:", _options.SqliteSynchronous);
        }

        var lease = new SqlLease(connection, cacheCommands: true, generation) { Clock = _timeProvider, StatementTimeout = _options.CommandTimeout };
        SQLitePCL.raw.sqlite3_progress_handler(connection.Handle, ProgressInterval, static state => ((SqlLease)state).Progress(), lease);
        return lease;
    }
}
