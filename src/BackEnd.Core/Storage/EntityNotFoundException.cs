namespace BackEnd.Storage;

/// <summary>The entity does not exist.</summary>
public sealed class EntityNotFoundException : StorageException
{
    /// <summary>Initializes the error.</summary>
    /// <param name="message">A message without secrets.</param>
    /// <param name="innerException">The provider's exception, if any.</param>
    public EntityNotFoundException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override StorageErrorKind Kind => StorageErrorKind.NotFound;
}
