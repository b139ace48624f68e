using BackEnd.Storage.Sql.Migrations;
using Microsoft.Extensions.Options;

namespace BackEnd.Storage.Sql.Internal;

// Adds the scripts other packages registered as EmbeddedMigrations (BackEnd.Auth's tables, for one) to the app's own.
internal sealed class SqlEmbeddedMigrationsSetup(IEnumerable<EmbeddedMigrations> sources) : IPostConfigureOptions<SqlStorageOptions>
{
    public void PostConfigure(string? name, SqlStorageOptions options)
    {
        foreach (var source in sources)
        {
            foreach (var migration in SqlMigration.FromEmbeddedResources(source.Assembly, source.Folder))
            {
                migration.EquivalentChecksums = source.EquivalentChecksums;
                options.Migrations.Add(migration);
            }
        }
    }
}
