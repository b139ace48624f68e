namespace BackEnd.Auth;

/// <summary>The auth endpoints to map; each is on by default. Map twice with different prefixes to place endpoints apart.</summary>
[Flags]
public enum AuthEndpoints
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary><c>POST {prefix}/register</c>.</summary>
    Register = 1,

    /// <summary><c>POST {prefix}/login</c>.</summary>
    Login = 2,

    /// <summary><c>POST {prefix}/logout</c>.</summary>
    Logout = 4,

    /// <summary><c>GET {prefix}/me</c>.</summary>
    Me = 8,

    /// <summary><c>POST {prefix}/change-password</c>.</summary>
    ChangePassword = 16,

    /// <summary><c>GET {prefix}/csrf</c>.</summary>
    Csrf = 32,

    /// <summary>Every endpoint.</summary>
    All = Register | Login | Logout | Me | ChangePassword | Csrf,
}
