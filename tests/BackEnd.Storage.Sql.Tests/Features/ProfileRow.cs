namespace BackEnd.Storage.Sql.Tests.Features;

public sealed record ProfileRow(string Id, ProfileSettings? Settings);

public sealed record ProfileSettings(string Theme, IReadOnlyList<string> Tags, int Size);
