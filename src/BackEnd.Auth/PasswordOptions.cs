namespace BackEnd.Auth;

/// <summary>How passwords are checked against the policy and hashed.</summary>
public sealed class PasswordOptions
{
    /// <summary>Gets or sets the algorithm of new hashes; hashes of another algorithm verify and are replaced at the next sign-in.</summary>
    /// <value>Default: <see cref="PasswordHashAlgorithm.BCrypt"/>.</value>
    public PasswordHashAlgorithm Algorithm { get; set; } = PasswordHashAlgorithm.BCrypt;

    /// <summary>Gets or sets the bcrypt work factor, 4 to 31; a stored hash with a lower one is replaced at the next sign-in.</summary>
    /// <value>Default: <see cref="AuthDefaults.BCryptWorkFactor"/> (12).</value>
    public int BCryptWorkFactor { get; set; } = AuthDefaults.BCryptWorkFactor;

    /// <summary>Gets or sets whether bcrypt hashes the password with SHA-384 first (BCrypt.Net-Next's enhanced mode), so passwords longer than 72 UTF-8 bytes count in full instead of being refused.</summary>
    /// <value>Default: <see langword="false"/>: bcrypt sees the password itself, and longer passwords are refused with a 400.</value>
    /// <remarks>Hashes made in this mode are stored as <c>$bcrypt-sha384$2b$…</c>; both kinds verify whatever the setting.</remarks>
    public bool BCryptPreHash { get; set; }

    /// <summary>Gets or sets which code computes bcrypt: the system's crypt library (C) when it is there, or BCrypt.Net-Next.</summary>
    /// <value>Default: <see cref="BCryptImplementation.Automatic"/>.</value>
    /// <remarks>
    /// Both give the same bytes. The C code takes passwords of at most 72 UTF-8 bytes without U+0000 and well-formed <c>$2a$</c>,
    /// <c>$2b$</c> and <c>$2y$</c> hashes; anything else, and pre-hashed (<see cref="BCryptPreHash"/>) hashes, use BCrypt.Net-Next.
    /// <see cref="PasswordHasher.BCryptImplementation"/> says which one new hashes use.
    /// </remarks>
    public BCryptImplementation BCryptImplementation { get; set; }

    /// <summary>Gets or sets the PBKDF2-HMAC-SHA512 iteration count, at least 210,000.</summary>
    /// <value>Default: <see cref="AuthDefaults.Pbkdf2Iterations"/>.</value>
    public int Pbkdf2Iterations { get; set; } = AuthDefaults.Pbkdf2Iterations;

    /// <summary>Gets or sets the Argon2id memory in KiB.</summary>
    /// <value>Default: <see cref="AuthDefaults.Argon2MemoryKiB"/> (19 MiB).</value>
    public int Argon2MemoryKiB { get; set; } = AuthDefaults.Argon2MemoryKiB;

    /// <summary>Gets or sets the Argon2id pass count.</summary>
    /// <value>Default: <see cref="AuthDefaults.Argon2Iterations"/> (2).</value>
    public int Argon2Iterations { get; set; } = AuthDefaults.Argon2Iterations;

    /// <summary>Gets or sets the Argon2id lane count.</summary>
    /// <value>Default: <see cref="AuthDefaults.Argon2Parallelism"/> (1).</value>
    public int Argon2Parallelism { get; set; } = AuthDefaults.Argon2Parallelism;

    /// <summary>Gets or sets the shortest password accepted, in characters (Unicode code points).</summary>
    /// <value>Default: <see cref="AuthDefaults.MinimumPasswordLength"/> (8).</value>
    public int MinimumLength { get; set; } = AuthDefaults.MinimumPasswordLength;

    /// <summary>Gets or sets the longest password accepted, in characters; at least 64.</summary>
    /// <value>Default: <see cref="AuthDefaults.MaximumPasswordLength"/> (128).</value>
    public int MaximumLength { get; set; } = AuthDefaults.MaximumPasswordLength;

    /// <summary>Gets passwords refused in addition to the built-in list of common passwords (compared case-insensitively).</summary>
    public ISet<string> DeniedPasswords { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets how many hashes are computed at once, on dedicated threads outside the thread pool.</summary>
    /// <value>Default: half the processors, at least 1.</value>
    public int MaxConcurrentHashes { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>
    /// Gets or sets whether the hashing threads run below the priority of request threads (nice 10 on Linux, below normal on
    /// Windows): a hash then takes the CPU that requests leave, so a burst of sign-ins slows sign-ins, not every request.
    /// </summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool LowerHashingPriority { get; set; } = true;
}
