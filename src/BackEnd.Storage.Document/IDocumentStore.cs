using System.Diagnostics.CodeAnalysis;

namespace BackEnd.Storage.Document;

/// <summary>A store of JSON documents in named collections (LiteDB or PostgreSQL jsonb).</summary>
public interface IDocumentStore
{
    /// <summary>Gets the collection of <typeparamref name="T"/> documents.</summary>
    /// <typeparam name="T">The document type; it needs an <c>Id</c> (or <c>[Key]</c>) of type long, int, Guid, string or LiteDB <c>ObjectId</c>.</typeparam>
    /// <param name="name">The collection name (letters, digits and <c>_</c>, up to 60); default: the type name in lower case.</param>
    /// <returns>The collection; cheap to get, safe to share.</returns>
    IDocumentCollection<T> GetCollection<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(string? name = null)
        where T : class;
}
