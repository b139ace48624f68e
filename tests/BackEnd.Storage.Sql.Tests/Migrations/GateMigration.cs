using BackEnd.Storage.Sql.Migrations;

namespace BackEnd.Storage.Sql.Tests.Migrations;

/// <summary>A migration that holds the migration lock until the test opens its gate, as a long migration on another node would.</summary>
public sealed class GateMigration(long version) : SqlMigration(version, "gate")
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task ApplyAsync(ISqlExecutor executor, SqlDatabaseKind database, CancellationToken cancellationToken = default)
    {
        Entered.TrySetResult();
        await Gate.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
    }
}
