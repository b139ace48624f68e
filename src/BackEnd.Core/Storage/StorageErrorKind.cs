namespace BackEnd.Storage;

/// <summary>What went wrong in a storage operation; the web layer maps each kind to a status code.</summary>
public enum StorageErrorKind
{
    /// <summary>The entity does not exist (404).</summary>
    NotFound,

    /// <summary>The entity was changed by someone else since it was read (409).</summary>
    Conflict,

    /// <summary>The key or a unique field is already taken (409).</summary>
    DuplicateKey,

    /// <summary>A value breaks a database rule: foreign key, not-null, check, or data the database cannot hold (409).</summary>
    ConstraintViolation,

    /// <summary>The database cannot be reached or is busy: connection failure, timeout, lock, missing file (503).</summary>
    Unavailable,

    /// <summary>The query names an unknown field, a malformed cursor or a value of the wrong type (400).</summary>
    InvalidQuery,
}
