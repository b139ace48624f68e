namespace BackEnd.Storage.Sql;

/// <summary>Runs SQL with bound parameters and maps rows to records or classes.</summary>
/// <remarks>
/// <para>Values are never spliced into SQL: the <c>parameters</c> argument is an anonymous object (<c>new { id = 5 }</c>) or a
/// dictionary, and each member becomes a parameter named <c>@member</c>. A sequence value expands <c>IN (@ids)</c> into one parameter per item.</para>
/// <para>Rows map to a type's constructor parameters or settable properties by name, <c>snake_case</c> columns matching <c>PascalCase</c>
/// members; a scalar type (number, string, Guid, …) reads the first column.</para>
/// </remarks>
public interface ISqlExecutor
{
    /// <summary>Gets the database engine, for the rare SQL that differs between engines.</summary>
    SqlDatabaseKind Database { get; }

    /// <summary>Reads every row.</summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="sql">The SQL, with <c>@name</c> placeholders.</param>
    /// <param name="parameters">An anonymous object or dictionary of parameter values, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The rows.</returns>
    ValueTask<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the first row, if any.</summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="sql">The SQL.</param>
    /// <param name="parameters">The parameter values, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The first row, or <see langword="default"/>.</returns>
    ValueTask<T?> QueryFirstOrDefaultAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the only row.</summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="sql">The SQL.</param>
    /// <param name="parameters">The parameter values, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The row.</returns>
    /// <exception cref="InvalidOperationException">There is no row, or more than one.</exception>
    ValueTask<T> QuerySingleAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the first column of the first row.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="sql">The SQL.</param>
    /// <param name="parameters">The parameter values, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The value, or <see langword="default"/> when there is no row or it is NULL.</returns>
    /// <remarks>
    /// Rows after the first are not read, except on SQLite for a statement naming <c>RETURNING</c>: it is read to its end,
    /// because SQLite checkpoints its write-ahead log only when a statement finishes.
    /// </remarks>
    ValueTask<T?> ExecuteScalarAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Runs statements that return no rows.</summary>
    /// <param name="sql">The SQL.</param>
    /// <param name="parameters">The parameter values, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    /// <returns>The number of rows changed.</returns>
    ValueTask<int> ExecuteAsync(string sql, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Streams rows one at a time without buffering them; the connection is held until the enumeration ends.</summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="sql">The SQL.</param>
    /// <param name="parameters">The parameter values, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<T> StreamAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default);
}
