namespace BackEnd.Storage;

/// <summary>A value breaks a rule of the database (foreign key, not-null, check or unsupported data).</summary>
public sealed class ConstraintViolationException : StorageException
{
    /// <summary>Initializes the error.</summary>
    /// <param name="message">A message without secrets.</param>
    /// <param name="innerException">The provider's exception, if any.</param>
    public ConstraintViolationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override StorageErrorKind Kind => StorageErrorKind.ConstraintViolation;
}
