namespace BackEnd.Storage;

/// <summary>The database lacks a table or column the entity needs: the schema is behind the code, which a migration fixes.</summary>
/// <remarks>
/// Its <see cref="Kind"/> is <see cref="StorageErrorKind.Unavailable"/> (503): the request was fine, and the application cannot serve it
/// until its schema is migrated. The message names the table (and column) and what to do, and is logged for operators.
/// </remarks>
public sealed class SchemaMismatchException : StorageException
{
    /// <summary>Initializes the error.</summary>
    /// <param name="message">A message naming the table and what to do.</param>
    /// <param name="tableName">The missing table, or the table missing a column, when known.</param>
    /// <param name="columnName">The missing column, when known.</param>
    /// <param name="innerException">The provider's exception, if any.</param>
    public SchemaMismatchException(string message, string? tableName, string? columnName = null, Exception? innerException = null)
        : base(message, innerException)
    {
        TableName = tableName;
        ColumnName = columnName;
    }

    /// <summary>Gets the missing table, or the table missing a column, when the database named it.</summary>
    public string? TableName { get; }

    /// <summary>Gets the missing column, when the database named it.</summary>
    public string? ColumnName { get; }

    /// <inheritdoc />
    public override StorageErrorKind Kind => StorageErrorKind.Unavailable;
}
