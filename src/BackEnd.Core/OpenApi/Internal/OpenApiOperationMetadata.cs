namespace BackEnd.OpenApi.Internal;

/// <summary>What a route or group convention adds to an operation's description; later conventions win, tags accumulate.</summary>
internal sealed record OpenApiOperationMetadata(string? Summary = null, string? Description = null, string? OperationId = null, IReadOnlyList<string>? Tags = null, bool Excluded = false);
