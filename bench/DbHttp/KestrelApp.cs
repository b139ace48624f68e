using System.Data;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackEnd.Bench.DbHttp;

/// <summary>
/// The peer: an ASP.NET Core minimal API reading the row as an ADO.NET application commonly does: a connection from the
/// driver's pool per request, a parameterised command, the two columns read by ordinal.
/// </summary>
internal static class KestrelApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, DbHttpJsonContext.Default));
        var table = UsersTable.FromArguments(builder.Configuration);
        await table.EnsureSeededAsync();
        var app = builder.Build();
        app.MapGet("/plaintext", () => Results.Text("Hello, World!", "text/plain"));
        app.MapGet("/db/users/{id:long}", async (long id) => await FindAsync(table, id) is { } user ? Results.Ok(user) : Results.NotFound());
        await app.RunAsync();
        return 0;
    }

    private static async Task<UserRecord?> FindAsync(UsersTable table, long id)
    {
        await using var connection = table.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, name FROM {UsersTable.Name} WHERE id = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.DbType = DbType.Int64;
        parameter.Value = id;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new UserRecord(reader.GetInt64(0), reader.GetString(1)) : null;
    }
}
