using Npgsql;

namespace BackEnd.Storage.Document.Internal.Postgres;

internal static class PostgresRows
{
    /// <summary>Runs a query and maps every row; the reader is closed asynchronously, so no thread blocks on the rest of the reply.</summary>
    public static async Task<List<T>> ReadAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
    }
}
