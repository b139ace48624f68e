namespace BackEnd.Storage;

/// <summary>The entity was changed by someone else since it was read; read it again and retry.</summary>
public sealed class ConcurrencyConflictException : StorageException
{
    /// <summary>Initializes the error.</summary>
    /// <param name="message">A message without secrets.</param>
    /// <param name="innerException">The provider's exception, if any.</param>
    public ConcurrencyConflictException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override StorageErrorKind Kind => StorageErrorKind.Conflict;
}
