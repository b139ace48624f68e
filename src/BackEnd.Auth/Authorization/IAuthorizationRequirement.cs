namespace BackEnd.Auth.Authorization;

/// <summary>One condition of a policy; a handler (or the requirement itself, when it implements <see cref="IAuthorizationHandler"/>) decides it.</summary>
#pragma warning disable CA1040 // A marker, as in ASP.NET Core: handlers find their requirements by type.
public interface IAuthorizationRequirement;
#pragma warning restore CA1040
