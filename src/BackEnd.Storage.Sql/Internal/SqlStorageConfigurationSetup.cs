using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BackEnd.Storage.Sql.Internal;

// Falls back to ConnectionStrings:Default (or the configured name) when code did not give a connection string.
internal sealed class SqlStorageConfigurationSetup(IConfiguration? configuration = null) : IPostConfigureOptions<SqlStorageOptions>
{
    public void PostConfigure(string? name, SqlStorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString) && configuration is not null)
        {
            options.ConnectionString = configuration.GetConnectionString(options.ConnectionStringName);
        }
    }
}
