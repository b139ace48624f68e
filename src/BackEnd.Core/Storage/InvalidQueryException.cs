namespace BackEnd.Storage;

/// <summary>The query is not valid for this entity (unknown field, malformed cursor or a value of the wrong type).</summary>
public sealed class InvalidQueryException : StorageException
{
    /// <summary>Initializes the error.</summary>
    /// <param name="message">A message without secrets.</param>
    /// <param name="innerException">The provider's exception, if any.</param>
    public InvalidQueryException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override StorageErrorKind Kind => StorageErrorKind.InvalidQuery;
}
