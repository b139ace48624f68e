using BackEnd.Hosting;
using BackEnd.Storage;
using BackEnd.Storage.Sql;
using BackEnd.Storage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Core.Tests.Crud;

[RequiresEnvironmentVariable(Variable)]
public sealed class PostgresResourceTests : ResourceContractTests
{
    private const string Variable = "BACKEND_TEST_POSTGRES";

    protected override void AddStorage(IBackEndBuilder builder) =>
        builder.AddSqlStorage(o => o.UsePostgres(Environment.GetEnvironmentVariable(Variable)).CreateTablesFor<CrudProduct>());

    // The tests share one database, so each starts from an empty table.
    protected override async ValueTask ResetAsync(IServiceProvider services)
    {
        var repository = services.GetRequiredService<IRepository<CrudProduct, long>>();
        for (var round = 0; round < 100; round++)
        {
            var page = await repository.QueryAsync(new StorageQuery().Take(1000));
            if (page.Items.Count == 0)
            {
                return;
            }

            foreach (var item in page.Items)
            {
                await repository.DeleteAsync(item.Id, item.Version);
            }
        }
    }
}
