namespace BackEnd.StaticFiles.Internal;

/// <summary>One file to answer with: its validators are captured when it is looked up, and every read comes from that same file.</summary>
internal abstract class StaticFileEntry : IDisposable
{
    public abstract long Length { get; }

    /// <summary>Gets the modification time, truncated to whole seconds as HTTP dates carry it.</summary>
    public abstract DateTimeOffset LastModified { get; }

    /// <summary>Gets <see cref="LastModified"/> as an HTTP date.</summary>
    public virtual string LastModifiedText => HttpValidators.FormatDate(LastModified);

    /// <summary>Gets the strong entity tag, quotes included.</summary>
    public abstract string ETag { get; }

    /// <summary>Gets the whole file when it is already in memory: the endpoint writes it as it is, never calling <see cref="ReadAsync"/>.</summary>
    public virtual ReadOnlyMemory<byte>? Content => null;

    /// <summary>Makes the bytes readable; <see langword="false"/> when the file is no longer the one the validators describe.</summary>
    public virtual bool TryOpen() => true;

    public abstract ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken);

    /// <summary>Returns whether the file changed since it was opened, so a response mixing two versions can be aborted.</summary>
    public abstract bool HasChanged();

    public abstract void Dispose();
}
