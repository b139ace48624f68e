using System.Buffers;
using System.Text.Json;
using BackEnd.Storage.Providers;

namespace BackEnd.Storage.Internal;

// A cursor is the entity type, the sort-key names and each value's invariant text, as JSON sealed by a CursorProtector:
// clients cannot read the values (a sort on a hidden column would leak them) nor forge a position. The names let a cursor
// from a different order or entity be rejected instead of silently returning the wrong page.
internal static class QueryCursor
{
    // Every page that has a next one writes a cursor: the buffer and writer are kept per thread (Encode never awaits).
    private const int MaxKeptBuffer = 16 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static string Encode(object entity, EntityDescriptor descriptor, IReadOnlyList<ResolvedSort> sort, CursorProtector protector)
        => Encode(Values(entity, sort), descriptor, sort, protector);

    // The sort-key values of a page's last entity, read when the page is made: its cursor may be sealed later (see Page),
    // after the caller has changed the entity.
    public static object?[] Values(object entity, IReadOnlyList<ResolvedSort> sort)
    {
        var values = new object?[sort.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = sort[i].Property.GetValue(entity);
        }

        return values;
    }

    public static string Encode(object?[] values, EntityDescriptor descriptor, IReadOnlyList<ResolvedSort> sort, CursorProtector protector)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString("t", descriptor.EntityType.FullName);
        WriteShape(writer, sort);
        writer.WriteStartArray("v");
        foreach (var value in values)
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(StorageValue.Format(value));
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        var cursor = protector.Protect(buffer.WrittenSpan);
        if (buffer.Capacity > MaxKeptBuffer)
        {
            // A cursor over long text keys grew it; let it go rather than pin it to the thread.
            t_buffer = null;
        }

        return cursor;
    }

    public static IReadOnlyList<object?> Decode(string cursor, EntityDescriptor descriptor, IReadOnlyList<ResolvedSort> sort, CursorProtector protector)
    {
        if (!protector.TryUnprotect(cursor, out var payload))
        {
            throw new InvalidQueryException("The cursor is not valid: it was altered, or made with another key. Pass back the NextCursor of a page unchanged.");
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.GetProperty("t").GetString() != descriptor.EntityType.FullName || root.GetProperty("o").GetString() != Shape(sort))
            {
                throw new InvalidQueryException("The cursor belongs to a query with a different order.");
            }

            var values = root.GetProperty("v");
            if (values.GetArrayLength() != sort.Count)
            {
                throw new InvalidQueryException("The cursor is malformed.");
            }

            var result = new object?[sort.Count];
            var i = 0;
            foreach (var element in values.EnumerateArray())
            {
                result[i] = element.ValueKind == JsonValueKind.Null
                    ? null
                    : StorageValue.Parse(element.GetString()!, sort[i].Property.ValueType);
                i++;
            }

            return result;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or KeyNotFoundException
            or InvalidOperationException or ArgumentException or OverflowException)
        {
            throw new InvalidQueryException("The cursor is malformed.", exception);
        }
    }

    // Shape's text written without building the string: every sealed page pays this, only an opened cursor needs the string.
    private static void WriteShape(Utf8JsonWriter writer, IReadOnlyList<ResolvedSort> sort)
    {
        var length = ShapeLength(sort);
        if (length > 256)
        {
            writer.WriteString("o", Shape(sort));
            return;
        }

        Span<char> shape = stackalloc char[length];
        FillShape(shape, sort);
        writer.WriteString("o", shape);
    }

    private static string Shape(IReadOnlyList<ResolvedSort> sort) => string.Create(ShapeLength(sort), sort, FillShape);

    private static int ShapeLength(IReadOnlyList<ResolvedSort> sort)
    {
        var length = 0;
        foreach (var key in sort)
        {
            length += key.Property.Name.Length + 1;
        }

        return length;
    }

    // Each key's name then its direction: "Name+Id-".
    private static void FillShape(Span<char> shape, IReadOnlyList<ResolvedSort> sort)
    {
        var at = 0;
        foreach (var key in sort)
        {
            key.Property.Name.CopyTo(shape[at..]);
            at += key.Property.Name.Length;
            shape[at++] = key.Descending ? '-' : '+';
        }
    }
}
