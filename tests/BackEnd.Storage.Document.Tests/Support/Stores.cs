using BackEnd.Storage.Document.Internal;

namespace BackEnd.Storage.Document.Tests.Support;

internal static class Stores
{
    public static DocumentStore LiteDb(string path) => DocumentStore.Create(new DocumentStorageOptions().UseLiteDb("Filename=" + path));
}
