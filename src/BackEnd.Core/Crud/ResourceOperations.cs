namespace BackEnd.Crud;

/// <summary>The operations a resource maps, as flags so conventions can target several at once.</summary>
[Flags]
public enum ResourceOperations
{
    /// <summary>No operation.</summary>
    None = 0,

    /// <summary><c>GET /prefix</c>: one page of the collection.</summary>
    List = 1,

    /// <summary><c>GET /prefix/{id}</c>: one item.</summary>
    Get = 2,

    /// <summary><c>POST /prefix</c>: a new item.</summary>
    Create = 4,

    /// <summary><c>PUT /prefix/{id}</c>: replaces an item.</summary>
    Replace = 8,

    /// <summary><c>PATCH /prefix/{id}</c>: changes an item with a JSON Merge Patch (RFC 7396).</summary>
    Patch = 16,

    /// <summary><c>DELETE /prefix/{id}</c>: removes an item.</summary>
    Delete = 32,

    /// <summary>The safe operations: <see cref="List"/> and <see cref="Get"/>.</summary>
    Read = List | Get,

    /// <summary>The unsafe operations: <see cref="Create"/>, <see cref="Replace"/>, <see cref="Patch"/> and <see cref="Delete"/>.</summary>
    Write = Create | Replace | Patch | Delete,

    /// <summary>Every operation.</summary>
    All = Read | Write,
}
