namespace BackEnd.Auth.Internal;

internal sealed record CredentialsRequest(string? UserName, string? Password, bool Token = false);

internal sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

internal sealed record UserResponse(string UserName, IReadOnlyList<string> Roles);

internal sealed record RegisteredResponse(string UserName);

internal sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

internal sealed record CsrfResponse(string Token);
