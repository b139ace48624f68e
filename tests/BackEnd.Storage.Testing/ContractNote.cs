using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Storage.Testing;

/// <summary>An immutable positional record with a Guid key assigned by the provider.</summary>
[Table("contract_notes")]
public sealed record ContractNote(Guid Id, string Text, byte[]? Payload, long Version);
