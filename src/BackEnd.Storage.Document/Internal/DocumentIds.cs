using System.Globalization;

namespace BackEnd.Storage.Document.Internal;

/// <summary>Id kinds, emptiness and assignment, shared by the engines so a document gets the same kind of id everywhere.</summary>
internal static class DocumentIds
{
    public static DocumentIdKind? KindOf(Type type)
    {
        if (type == typeof(long))
        {
            return DocumentIdKind.Int64;
        }

        if (type == typeof(int))
        {
            return DocumentIdKind.Int32;
        }

        if (type == typeof(Guid))
        {
            return DocumentIdKind.Guid;
        }

        if (type == typeof(string))
        {
            return DocumentIdKind.String;
        }

        return type == typeof(LiteDB.ObjectId) ? DocumentIdKind.ObjectId : null;
    }

    public static bool IsEmpty(object? id) => id switch
    {
        null => true,
        long l => l == 0,
        int i => i == 0,
        Guid g => g == Guid.Empty,
        string s => s.Length == 0,
        LiteDB.ObjectId o => o == LiteDB.ObjectId.Empty,
        _ => false,
    };

    /// <summary>Creates an id that needs no counter: Guid v7, or a new ObjectId (also as text for string ids).</summary>
    public static object NewUnordered(DocumentIdKind kind) => kind switch
    {
        DocumentIdKind.Guid => Guid.CreateVersion7(),
        DocumentIdKind.String => LiteDB.ObjectId.NewObjectId().ToString(),
        DocumentIdKind.ObjectId => LiteDB.ObjectId.NewObjectId(),
        _ => throw new InvalidOperationException("Numeric ids come from the engine's counter."),
    };

    public static object FromCounter(DocumentIdKind kind, long value)
        => kind == DocumentIdKind.Int32 ? checked((int)value) : value;

    /// <summary>The id as text, for messages and for engines that key by text.</summary>
    public static string ToText(object id) => id switch
    {
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        Guid g => g.ToString("D"),
        _ => id.ToString() ?? "",
    };
}
