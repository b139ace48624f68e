namespace BackEnd.Storage;

/// <summary>The key or a unique field is already taken.</summary>
public sealed class DuplicateKeyException : StorageException
{
    /// <summary>Initializes the error.</summary>
    /// <param name="message">A message without secrets.</param>
    /// <param name="innerException">The provider's exception, if any.</param>
    public DuplicateKeyException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override StorageErrorKind Kind => StorageErrorKind.DuplicateKey;
}
