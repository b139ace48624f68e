namespace BackEnd.Storage;

/// <summary>The base of every typed storage error; <see cref="Kind"/> says which.</summary>
/// <remarks>Messages name tables, fields and keys but never connection strings, passwords or stored values.</remarks>
public abstract class StorageException : Exception
{
    /// <summary>Initializes the error.</summary>
    /// <param name="message">A message without secrets.</param>
    /// <param name="innerException">The provider's exception, if any.</param>
    protected StorageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Gets what went wrong.</summary>
    public abstract StorageErrorKind Kind { get; }
}
