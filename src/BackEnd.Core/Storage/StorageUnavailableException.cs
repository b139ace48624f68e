namespace BackEnd.Storage;

/// <summary>The database cannot be reached or is busy; the operation may succeed when retried.</summary>
public sealed class StorageUnavailableException : StorageException
{
    /// <summary>Initializes the error.</summary>
    /// <param name="message">A message without secrets.</param>
    /// <param name="innerException">The provider's exception, if any.</param>
    public StorageUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override StorageErrorKind Kind => StorageErrorKind.Unavailable;
}
