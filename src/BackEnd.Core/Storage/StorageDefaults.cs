namespace BackEnd.Storage;

/// <summary>Default values of the storage abstractions, written once.</summary>
public static class StorageDefaults
{
    /// <summary>The page size of a query that does not set one.</summary>
    public const int PageSize = 100;

    /// <summary>The largest page a query may ask for, so one request cannot load a whole table.</summary>
    public const int MaxPageSize = 10_000;
}
