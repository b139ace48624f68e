using BackEnd.Auth.Authorization;

namespace BackEnd.Auth.Tests.Support;

public sealed class OwnerOrModeratorRequirement : IAuthorizationRequirement;
