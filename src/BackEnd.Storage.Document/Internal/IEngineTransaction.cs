namespace BackEnd.Storage.Document.Internal;

/// <summary>An engine's unit of work; rolled back on dispose unless committed.</summary>
internal interface IEngineTransaction : IAsyncDisposable
{
    Task CommitAsync(CancellationToken cancellationToken);

    Task RollbackAsync(CancellationToken cancellationToken);
}
