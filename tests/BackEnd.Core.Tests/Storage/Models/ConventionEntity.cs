namespace BackEnd.Core.Tests.Storage.Models;

public sealed record ConventionEntity(Guid Id, string FirstName, DateTimeOffset? LastSeenAt, long Version);
