namespace BackEnd.Crud.Internal;

/// <summary>Describes a resource endpoint to the OpenAPI document: which entity it serves and what its query string takes.</summary>
internal sealed record ResourceEndpointMetadata(
    Type EntityType,
    Type KeyType,
    ResourceOperations Operation,
    IReadOnlyCollection<ResourceField> Filters,
    IReadOnlyCollection<ResourceField> Sorts,
    int MaxPageSize,
    bool RequiresIfMatch,
    bool IsOwned);
