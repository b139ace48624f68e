namespace BackEnd.Auth;

/// <summary>The algorithm new password hashes are made with; stored hashes of every algorithm keep verifying.</summary>
public enum PasswordHashAlgorithm
{
    /// <summary>bcrypt (<c>$2b$</c>) in the system's crypt library or BCrypt.Net-Next (<see cref="PasswordOptions.BCryptImplementation"/>); passwords longer than 72 UTF-8 bytes are refused unless <see cref="PasswordOptions.BCryptPreHash"/> is set.</summary>
    BCrypt,

    /// <summary>PBKDF2 with HMAC-SHA512 (<c>$pbkdf2-sha512$</c>).</summary>
    Pbkdf2Sha512,

    /// <summary>Argon2id (<c>$argon2id$</c>, RFC 9106) through Konscious.Security.Cryptography.Argon2.</summary>
    Argon2id,
}
