namespace BackEnd.Auth;

/// <summary>Which code computes bcrypt; every choice gives the same hashes and verifies the same ones.</summary>
public enum BCryptImplementation
{
    /// <summary>The system's crypt library (libxcrypt, in C) when it loads and passes a self-test on published vectors, else <see cref="Managed"/>.</summary>
    Automatic,

    /// <summary>The system's crypt library; start-up fails when it is missing or fails the self-test.</summary>
    Native,

    /// <summary>BCrypt.Net-Next (managed code) everywhere.</summary>
    Managed,
}
