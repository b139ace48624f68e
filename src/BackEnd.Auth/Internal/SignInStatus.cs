namespace BackEnd.Auth.Internal;

internal enum SignInStatus
{
    Failed,
    Succeeded,
    LockedOut,
}
