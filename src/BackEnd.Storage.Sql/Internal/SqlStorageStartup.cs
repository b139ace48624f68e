using BackEnd.Storage.Sql.Migrations;
using Microsoft.Extensions.Hosting;

namespace BackEnd.Storage.Sql.Internal;

// Fails start-up early: a bad option, an unopenable database or a failed migration stops the host with a clear error.
internal sealed class SqlStorageStartup(SqlDatabase database, ISqlMigrator migrator) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var source in database.Options.AssembliesWithoutMigrations)
        {
            Log.NoMigrationsFound(database.Logger, source);
        }

        if (database.Options.ApplyMigrationsOnStartup)
        {
            await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await database.ExecuteScalarAsync<long>("SELECT 1", cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        foreach (var type in database.Options.CreateTablesForTypes)
        {
            var sql = SqlTableBuilder.CreateTableIfMissing(Providers.EntityDescriptor.For(type), database.Dialect);
            await database.ExecuteAsync(sql, cancellationToken: cancellationToken).ConfigureAwait(false);
            Log.TableEnsured(database.Logger, type.Name, database.Database);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
