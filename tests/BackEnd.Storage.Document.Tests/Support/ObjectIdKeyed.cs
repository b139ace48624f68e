namespace BackEnd.Storage.Document.Tests.Support;

public sealed class ObjectIdKeyed
{
    public LiteDB.ObjectId Id { get; set; } = LiteDB.ObjectId.Empty;
}
