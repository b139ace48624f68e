namespace BackEnd.Storage;

/// <summary>Configures the key that seals keyset cursors (<see cref="Page{T}.NextCursor"/>), so clients can neither read nor forge them.</summary>
/// <remarks>
/// Every node that serves the same data must use the same key, or a cursor made by one node is refused (400) by another.
/// Set <see cref="Key"/> (or the configuration value <c>BackEnd:Storage:CursorKey</c>) from a secret store on such deployments;
/// a single node can rely on the key generated once and kept in <see cref="KeyFile"/>.
/// Configure it with <c>services.Configure&lt;StorageCursorOptions&gt;(o =&gt; ...)</c>.
/// </remarks>
public sealed class StorageCursorOptions
{
    /// <summary>Gets or sets the key, in base64, of at least 32 bytes (e.g. <c>openssl rand -base64 32</c>).</summary>
    /// <value>Default: <see langword="null"/>: the configuration value <c>BackEnd:Storage:CursorKey</c>, else the key in <see cref="KeyFile"/>.</value>
    public string? Key { get; set; }

    /// <summary>Gets or sets the file that keeps a generated key when none is configured; it is created, readable by this user only, when missing.</summary>
    /// <value>Default: <see langword="null"/>: <c>BackEnd/cursor.key</c> in the user's local application data folder. When it cannot be written,
    /// a key that lives only as long as the process is used, and a warning is logged.</value>
    public string? KeyFile { get; set; }
}
