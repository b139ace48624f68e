using BackEnd.Storage.Providers;

namespace BackEnd.Storage.Internal;

// A page's next cursor, its values read when the page was made and sealed when Page.NextCursor is first read.
internal sealed class DeferredCursor(object?[] values, EntityDescriptor descriptor, IReadOnlyList<ResolvedSort> sort, CursorProtector protector)
{
    public string Seal() => QueryCursor.Encode(values, descriptor, sort, protector);
}
