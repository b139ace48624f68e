using BackEnd.Storage.Document.Internal;

namespace BackEnd.Storage.Document.Tests.Support;

internal static class Stores
{
    public static DocumentStore LiteDb(string path) => DocumentStore.Create(new DocumentStorageOptions().UseLiteDb("Filename=" + path));

    public static DocumentStore Postgres(string connectionString, int? maxDocumentBytes = null)
    {
        var options = new DocumentStorageOptions().UsePostgres(connectionString);
        if (maxDocumentBytes is { } max)
        {
            options.MaxDocumentBytes = max;
        }

        return DocumentStore.Create(options);
    }
}
