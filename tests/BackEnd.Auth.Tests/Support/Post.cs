namespace BackEnd.Auth.Tests.Support;

public sealed record Post(int Id, string Owner);
