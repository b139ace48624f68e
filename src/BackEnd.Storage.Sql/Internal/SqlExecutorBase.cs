using System.Data.Common;
using System.Runtime.CompilerServices;

namespace BackEnd.Storage.Sql.Internal;

// Every SQL call funnels into RunAsync: take a connection (pooled, or the transaction's), bind, run, translate errors.
internal abstract class SqlExecutorBase(SqlDialect dialect, SqlTelemetry telemetry) : ISqlExecutor
{
    public SqlDialect Dialect { get; } = dialect;

    public SqlTelemetry Telemetry { get; } = telemetry;

    public SqlDatabaseKind Database => Dialect.Kind;

    protected abstract DbTransaction? Transaction { get; }

    public async ValueTask<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default)
    {
        var statement = SqlParameterReader.Prepare(sql, parameters, Dialect);
        return await RunAsync(statement, 0, static async (command, _, token) =>
        {
            var rows = new List<T>();
            var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var map = RowMapper.Get<T>(reader);
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    rows.Add(map(reader));
                }
            }

            return (IReadOnlyList<T>)rows;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<T?> QueryFirstOrDefaultAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default)
    {
        var statement = SqlParameterReader.Prepare(sql, parameters, Dialect);
        return await RunAsync(statement, Dialect, static async (command, dialect, token) =>
        {
            var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var row = await reader.ReadAsync(token).ConfigureAwait(false) ? RowMapper.Get<T>(reader)(reader) : default;
                if (dialect.MustReadToEnd(command))
                {
                    while (await reader.ReadAsync(token).ConfigureAwait(false))
                    {
                    }
                }

                return row;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<T> QuerySingleAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default)
    {
        var statement = SqlParameterReader.Prepare(sql, parameters, Dialect);
        return await RunAsync(statement, 0, static async (command, _, token) =>
        {
            var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    throw new InvalidOperationException("The query returned no row; exactly one was expected.");
                }

                var row = RowMapper.Get<T>(reader)(reader);
                if (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    throw new InvalidOperationException("The query returned more than one row; exactly one was expected.");
                }

                return row;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<T?> ExecuteScalarAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default)
    {
        var statement = SqlParameterReader.Prepare(sql, parameters, Dialect);
        var value = await RunAsync(statement, Dialect, static (command, dialect, token) => dialect.ExecuteScalarAsync(command, token), cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? default : (T?)Providers.StorageValue.ConvertTo(value, typeof(T));
    }

    public async ValueTask<int> ExecuteAsync(string sql, object? parameters = null, CancellationToken cancellationToken = default)
    {
        var statement = SqlParameterReader.Prepare(sql, parameters, Dialect);
        return await RunAsync(statement, Dialect, static (command, dialect, token) => dialect.ExecuteNonQueryAsync(command, token), cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<T> StreamAsync<T>(string sql, object? parameters = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var statement = SqlParameterReader.Prepare(sql, parameters, Dialect);
        var lease = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        DbCommand? command = null;
        var scope = default(SqlCommandScope);
        try
        {
            command = Prepare(lease, statement);
            DbDataReader reader;
            var statementScope = lease.BeginStatement(cancellationToken);
            scope = Telemetry.Start(statement.Sql);
            try
            {
                reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!scope.Failed(exception) && Translate(exception, lease, cancellationToken) is { } translated)
            {
                throw translated;
            }
            finally
            {
                lease.EndStatement(statementScope);
            }

            await using (reader.ConfigureAwait(false))
            {
                var map = RowMapper.Get<T>(reader);
                while (true)
                {
                    // Drivers serve buffered rows without looking at the token, so a cancelled stream stops here.
                    cancellationToken.ThrowIfCancellationRequested();
                    bool more;
                    var readScope = lease.BeginStatement(cancellationToken);
                    try
                    {
                        more = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (!scope.Failed(exception) && Translate(exception, lease, cancellationToken) is { } translated)
                    {
                        throw translated;
                    }
                    finally
                    {
                        lease.EndStatement(readScope);
                    }

                    if (!more)
                    {
                        break;
                    }

                    yield return map(reader);
                }
            }
        }
        finally
        {
            scope.Stop();
            if (command is not null)
            {
                lease.ReturnCommand(command);
            }

            await ReleaseAsync(lease).ConfigureAwait(false);
        }
    }

    internal ValueTask<TResult> RunAsync<TState, TResult>(
        SqlStatement statement,
        TState state,
        Func<DbCommand, TState, CancellationToken, Task<TResult>> action,
        CancellationToken cancellationToken)
        => RunAsync(
            statement.Sql,
            statement.ChangesSession,
            statement.Repeated,
            statement,
            BindStatement,
            state,
            action,
            cancellationToken);

    // The same with the kept command's parameters set in place by bind (repeated: one of BackEnd's own texts, see SqlStatement).
    internal async ValueTask<TResult> RunAsync<TBinding, TState, TResult>(
        string sql,
        bool changesSession,
        bool repeated,
        TBinding binding,
        Action<DbCommand, TBinding> bind,
        TState state,
        Func<DbCommand, TState, CancellationToken, Task<TResult>> action,
        CancellationToken cancellationToken)
    {
        SqlLease lease;
        try
        {
            lease = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, cancellationToken) is { } translated)
        {
            throw translated;
        }

        DbCommand? command = null;
        var statementScope = lease.BeginStatement(cancellationToken);
        var scope = Telemetry.Start(sql);
        try
        {
            command = Rent(lease, sql, changesSession, binding, bind);
            if (repeated && lease.ServerPrepared is { } prepared && lease.FirstPrepare(command) && prepared.Admit(sql))
            {
                // Once per kept command, which then stays prepared; a command built for one use only (a nested use, a full
                // cache) runs unprepared rather than paying a round trip to prepare it.
                await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return await action(command, state, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (Transaction is null && Dialect.IsStalePlan(exception))
            {
                // A migration changed a table after this connection prepared the statement, which therefore did not run.
                // Outside a transaction it is safe to prepare again and run once more; inside one the database aborted
                // the transaction, so the error goes to the caller and the pool forgets the plans when it gets the lease back.
                Dialect.ForgetPrepared(lease.Connection);
                return await action(command, state, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (!scope.Failed(exception) && Translate(exception, lease, cancellationToken) is { } translated)
        {
            throw translated;
        }
        finally
        {
            scope.Stop();
            lease.EndStatement(statementScope);
            if (command is not null)
            {
                lease.ReturnCommand(command);
            }

            await ReleaseAsync(lease).ConfigureAwait(false);
        }
    }

    // For short single-row statements: the synchronous driver call when the dialect prefers it, else the asynchronous one.
    internal ValueTask<TResult> RunSingleRowAsync<TState, TResult>(
        SqlStatement statement,
        TState state,
        Func<DbCommand, TState, TResult> synchronous,
        Func<DbCommand, TState, CancellationToken, Task<TResult>> asynchronous,
        CancellationToken cancellationToken)
    {
        if (!Dialect.PrefersSynchronousCalls)
        {
            return RunAsync(statement, state, asynchronous, cancellationToken);
        }

        return RunNowAsync(
            statement.Sql,
            statement.ChangesSession,
            statement,
            BindStatement,
            state,
            synchronous,
            cancellationToken);
    }

    // Runs a statement with the driver's synchronous calls (SQLite, whose asynchronous ones are synchronous wrappers): when the
    // lease and its return complete at once, as they do for SQLite's pool and for a transaction, no task or state machine is
    // made. bind sets the parameters of the lease's kept command for sql, in place.
    internal ValueTask<TResult> RunNowAsync<TBinding, TState, TResult>(
        string sql,
        bool changesSession,
        TBinding binding,
        Action<DbCommand, TBinding> bind,
        TState state,
        Func<DbCommand, TState, TResult> run,
        CancellationToken cancellationToken)
    {
        // Failures come back in the task, never thrown from the call, as from an async method.
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        ValueTask<SqlLease> acquiring;
        try
        {
            acquiring = AcquireAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<TResult>(Translate(exception, cancellationToken) ?? exception);
        }

        return acquiring.IsCompletedSuccessfully
            ? RunOnLease(acquiring.Result, sql, changesSession, binding, bind, state, run, cancellationToken)
            : AcquiredLaterAsync(acquiring, sql, changesSession, binding, bind, state, run, cancellationToken);
    }

    private async ValueTask<TResult> AcquiredLaterAsync<TBinding, TState, TResult>(
        ValueTask<SqlLease> acquiring,
        string sql,
        bool changesSession,
        TBinding binding,
        Action<DbCommand, TBinding> bind,
        TState state,
        Func<DbCommand, TState, TResult> run,
        CancellationToken cancellationToken)
    {
        SqlLease lease;
        try
        {
            lease = await acquiring.ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, cancellationToken) is { } translated)
        {
            throw translated;
        }

        return await RunOnLease(lease, sql, changesSession, binding, bind, state, run, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<TResult> RunOnLease<TBinding, TState, TResult>(
        SqlLease lease,
        string sql,
        bool changesSession,
        TBinding binding,
        Action<DbCommand, TBinding> bind,
        TState state,
        Func<DbCommand, TState, TResult> run,
        CancellationToken cancellationToken)
    {
        // The lease goes back whatever happened, as in RunAsync's finally; a failure to return it wins, as it would there.
        TResult result = default!;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? error = null;
        try
        {
            result = Execute(lease, sql, changesSession, binding, bind, state, run, cancellationToken);
        }
        catch (Exception exception)
        {
            error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception);
        }

        var released = ReleaseAsync(lease);
        if (!released.IsCompletedSuccessfully)
        {
            return ReleasedLaterAsync(released, result, error);
        }

        try
        {
            released.GetAwaiter().GetResult();
        }
        catch (Exception releaseError)
        {
            return ValueTask.FromException<TResult>(releaseError);
        }

        return error is null ? new ValueTask<TResult>(result) : ValueTask.FromException<TResult>(error.SourceException);
    }

    private static async ValueTask<TResult> ReleasedLaterAsync<TResult>(ValueTask releasing, TResult result, System.Runtime.ExceptionServices.ExceptionDispatchInfo? error)
    {
        await releasing.ConfigureAwait(false);
        error?.Throw();
        return result;
    }

    private TResult Execute<TBinding, TState, TResult>(
        SqlLease lease,
        string sql,
        bool changesSession,
        TBinding binding,
        Action<DbCommand, TBinding> bind,
        TState state,
        Func<DbCommand, TState, TResult> run,
        CancellationToken cancellationToken)
    {
        DbCommand? command = null;
        var statementScope = lease.BeginStatement(cancellationToken);
        var scope = Telemetry.Start(sql);
        try
        {
            command = Rent(lease, sql, changesSession, binding, bind);
            return run(command, state);
        }
        catch (Exception exception) when (!scope.Failed(exception) && Translate(exception, lease, cancellationToken) is { } translated)
        {
            throw translated;
        }
        finally
        {
            scope.Stop();
            lease.EndStatement(statementScope);
            if (command is not null)
            {
                lease.ReturnCommand(command);
            }
        }
    }

    protected abstract ValueTask<SqlLease> AcquireAsync(CancellationToken cancellationToken);

    protected abstract ValueTask ReleaseAsync(SqlLease lease);

    protected virtual void OnUnavailable(Exception exception)
    {
    }

    private DbCommand Prepare(SqlLease lease, SqlStatement statement)
        => Rent(lease, statement.Sql, statement.ChangesSession, statement, BindStatement);

    private static void BindStatement(DbCommand command, SqlStatement statement) => SqlParameterReader.Bind(command, statement.Parameters, atNamed: statement.Repeated);

    // The lease's kept command for sql (a new one when it is in use), in this executor's transaction, its parameters set by bind.
    private DbCommand Rent<TBinding>(SqlLease lease, string sql, bool changesSession, TBinding binding, Action<DbCommand, TBinding> bind)
    {
        lease.SessionChanged |= changesSession;
        var command = lease.RentCommand(sql);
        command.Transaction = Transaction;
        bind(command, binding);
        return command;
    }

    // An interrupted SQLite statement becomes what interrupted it: the caller's cancellation or the command timeout.
    private Exception? Translate(Exception exception, SqlLease lease, CancellationToken cancellationToken)
    {
        lease.PlansStale |= Dialect.IsStalePlan(exception);
        if (Dialect.IsInterrupt(exception))
        {
            return cancellationToken.IsCancellationRequested
                ? new OperationCanceledException("The statement was cancelled and interrupted.", exception, cancellationToken)
                : new StorageUnavailableException(
                    lease.TimedOut
                        ? $"The statement ran longer than the CommandTimeout ({lease.StatementTimeout.TotalSeconds:0.###} s) and was interrupted."
                        : "The statement was interrupted.",
                    exception);
        }

        return Translate(exception, cancellationToken);
    }

    private StorageException? Translate(Exception exception, CancellationToken cancellationToken)
    {
        if (exception is StorageException || (exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return null;
        }

        var translated = Dialect.Translate(exception);
        if (translated is StorageUnavailableException)
        {
            OnUnavailable(exception);
        }

        return translated;
    }
}
