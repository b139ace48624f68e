namespace Hello;

/// <summary>The body of <c>GET /users/{id}</c>.</summary>
/// <param name="Id">The user id.</param>
/// <param name="Name">The user name.</param>
public sealed record UserRecord(long Id, string Name);
