namespace BackEnd.Auth.Internal;

internal readonly record struct SignInOutcome(SignInStatus Status, AuthUser? User, TimeSpan RetryAfter);
