using BackEnd.Storage.Sql.Migrations;
using Microsoft.Extensions.Hosting;

namespace BackEnd.Storage.Sql.Internal;

// Fails start-up early: a bad option, an unopenable database or a failed migration stops the host with a clear error.
internal sealed class SqlStorageStartup(SqlDatabase database, ISqlMigrator migrator) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.Options.ApplyMigrationsOnStartup)
        {
            await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await database.ExecuteScalarAsync<long>("SELECT 1", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
