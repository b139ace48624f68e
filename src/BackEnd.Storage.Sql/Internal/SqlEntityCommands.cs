using System.Collections.Concurrent;
using System.Data.Common;
using BackEnd.Storage.Providers;

namespace BackEnd.Storage.Sql.Internal;

// The fixed statements of one entity type on one dialect, built once. Identifiers come from the descriptor only.
internal sealed class SqlEntityCommands
{
    private static readonly ConcurrentDictionary<(Type, SqlDatabaseKind), SqlEntityCommands> Cache = new();

    private readonly Func<DbDataReader, object> _materialize;

    // PostgreSQL and MySQL: the reader compiled for the column types the driver last reported, which stay the same from one
    // result set to the next unless the table changes.
    private volatile FieldTypedReader? _fieldTyped;

    // Per member: a reference type declared non-nullable (string, not string?), which the PostgreSQL/MySQL reader reads without
    // first asking whether the column is NULL, as hand-written code does; a row that has a NULL there is read again by the
    // checking reader (_materialize), so the member still gets null.
    private readonly bool[] _unchecked;

    private SqlEntityCommands(EntityDescriptor descriptor, SqlDialect dialect)
    {
        Descriptor = descriptor;
        Dialect = dialect;
        Table = dialect.Quote(descriptor.TableName);
        Columns = string.Join(", ", descriptor.Properties.Select(p => dialect.Quote(p.ColumnName)));
        var key = dialect.Quote(descriptor.Key.ColumnName);
        var version = dialect.Quote(descriptor.Version.ColumnName);
        Select = $"SELECT {Columns} FROM {Table} WHERE {key} = @k";
        VersionOf = $"SELECT {version} FROM {Table} WHERE {key} = @k";
        Delete = $"DELETE FROM {Table} WHERE {key} = @k AND {version} = @v";

        var data = descriptor.Properties.Where(p => p != descriptor.Key && p != descriptor.Version).ToArray();
        DataProperties = data;
        var dataColumns = data.Select(p => dialect.Quote(p.ColumnName)).ToArray();
        var dataParameters = data.Select((_, i) => "@p" + i).ToArray();
        InsertGenerated = dialect.InsertReturningKey(Table, string.Join(", ", dataColumns.Append(version)), string.Join(", ", dataParameters.Append("1")), key);
        InsertWithKey = $"INSERT INTO {Table} ({string.Join(", ", dataColumns.Append(version).Append(key))}) VALUES ({string.Join(", ", dataParameters.Append("1").Append("@k"))})";
        Update = $"UPDATE {Table} SET {string.Join(", ", dataColumns.Select((c, i) => $"{c} = {dataParameters[i]}").Append($"{version} = {version} + 1"))} WHERE {key} = @k AND {version} = @v";
        Upsert = dialect.Upsert(Table, dataColumns, dataParameters, key, version);
        DataParameterNames = [.. data.Select((_, i) => "p" + i)];
        JsonData = [.. data.Select(SqlJsonColumns.IsJson)];
        _materialize = CompileMaterializer(descriptor, dialect, fieldTypes: null);
        var nullability = new System.Reflection.NullabilityInfoContext();
        _unchecked = [.. descriptor.Properties.Select(p => !p.Type.IsValueType && !SqlJsonColumns.IsJson(p)
            && nullability.Create(p.Property).ReadState == System.Reflection.NullabilityState.NotNull)];
        GeneratedInsert = GeneratedKeyInsert.For(this);
    }

    public EntityDescriptor Descriptor { get; }

    public SqlDialect Dialect { get; }

    public string Table { get; }

    public string Columns { get; }

    public string Select { get; }

    public string VersionOf { get; }

    public string Delete { get; }

    public string InsertGenerated { get; }

    public string InsertWithKey { get; }

    public string Update { get; }

    public string Upsert { get; }

    // Per data member: stored as JSON.
    public IReadOnlyList<bool> JsonData { get; }

    public IReadOnlyList<EntityProperty> DataProperties { get; }

    public IReadOnlyList<string> DataParameterNames { get; }

    // InsertGenerated bound and completed without a parameter list; null for entities it does not fit.
    public GeneratedKeyInsert? GeneratedInsert { get; }

    public static SqlEntityCommands For(EntityDescriptor descriptor, SqlDialect dialect)
        => Cache.GetOrAdd((descriptor.EntityType, dialect.Kind), static (_, state) => new SqlEntityCommands(state.descriptor, state.dialect), (descriptor, dialect));

    // Reads a row of Columns (every member, in descriptor order) into a new entity.
    public object Materialize(DbDataReader reader) => Materialize(reader, ReaderFor(reader));

    // The same with the reader ReaderFor chose for the rows' result set.
    public object Materialize(DbDataReader reader, Func<DbDataReader, object> read)
    {
        try
        {
            return read(reader);
        }
        catch (Exception exception) when (exception is InvalidOperationException or InvalidCastException or System.Data.SqlTypes.SqlNullValueException
            && NullInNonNullableMember(reader) is { } error)
        {
            throw error;
        }
        catch (Exception exception) when (exception is InvalidCastException or System.Data.SqlTypes.SqlNullValueException
            && read != _materialize && NullInUncheckedMember(reader))
        {
            // A NULL in a member declared non-nullable that the fast reader does not check: the row read again by the reader that
            // checks every column, as before.
            return _materialize(reader);
        }
    }

    // Once per result set: asking each column's type (and whether it is NULL) on every row added about 40 % to a hand-written
    // 100-row page read. PostgreSQL and MySQL report the types from the result's metadata, so they are compared once and the
    // rows read with the typed getters; SQLite's types can differ from row to row, and its reader already asks nothing.
    public Func<DbDataReader, object> ReaderFor(DbDataReader reader)
    {
        if (Dialect.Kind == SqlDatabaseKind.Sqlite)
        {
            return _materialize;
        }

        var known = _fieldTyped;
        if (known is not null && known.Matches(reader))
        {
            return known.Read;
        }

        var fieldTypes = new Type[Descriptor.Properties.Count];
        for (var i = 0; i < fieldTypes.Length; i++)
        {
            fieldTypes[i] = reader.GetFieldType(i);
        }

        // Compiled against the driver's reader type when the delegate may name it; any other type of reader (a wrapper, another
        // driver version's) gets its own reader when it comes.
        var readerType = reader.GetType();
        var typed = Dialect.TypedEntityReader && readerType.IsVisible ? readerType : null;
        var read = CompileMaterializer(Descriptor, Dialect, fieldTypes, typed, _unchecked);
        known = new FieldTypedReader(readerType, fieldTypes, read);
        _fieldTyped = known;
        return known.Read;
    }

    private bool NullInUncheckedMember(DbDataReader reader)
    {
        foreach (var property in Descriptor.Properties)
        {
            if (_unchecked[property.Ordinal] && reader.IsDBNull(property.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // SQLite's getters, which the reader calls without a NULL check first, refuse a NULL with their own message.
    private InvalidOperationException? NullInNonNullableMember(DbDataReader reader)
    {
        foreach (var property in Descriptor.Properties)
        {
            if (!property.IsNullable && reader.IsDBNull(property.Ordinal))
            {
                return new($"The column '{property.ColumnName}' is NULL but {Descriptor.EntityType.Name}.{property.Name} is not nullable.");
            }
        }

        return null;
    }

    // The constructor is the one EntityDescriptor creates entities with: the public one setting the most members, all of
    // whose parameters name members; every other member is set afterwards.
    private static Func<DbDataReader, object> CompileMaterializer(
        EntityDescriptor descriptor, SqlDialect dialect, Type[]? fieldTypes, Type? readerType = null, bool[]? uncheckedMembers = null)
    {
        var type = descriptor.EntityType;
        var properties = descriptor.Properties;
        var (constructor, parameters) = type.GetConstructors()
            .Select(c => (Constructor: c, Parameters: c.GetParameters()))
            .Where(c => c.Parameters.All(p => properties.Any(m => string.Equals(m.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
            .OrderByDescending(c => c.Parameters.Length)
            .First();
        var arguments = parameters
            .Select(p => (p, Member(properties.First(m => string.Equals(m.Name, p.Name, StringComparison.OrdinalIgnoreCase)))))
            .ToArray();
        var setters = properties
            .Where(m => !arguments.Any(a => a.Item2.Ordinal == m.Ordinal))
            .Select(m => (m.Property, Member(m)))
            .ToArray();
        return CompiledRowReader.Compile<object>(type, constructor, arguments, setters, readerType);

        CompiledRowReader.Member Member(EntityProperty property) => new(
            property.Ordinal,
            property.Type,
            new RowColumn(
                property.ColumnName,
                (value, _) => dialect.FromDbValue(value, property.ValueType),
                column => $"The column '{column}' is NULL but {type.Name}.{property.Name} is not nullable."),
            dialect.Kind == SqlDatabaseKind.Sqlite && !SqlJsonColumns.IsJson(property),
            SqlJsonColumns.IsJson(property) ? null : fieldTypes?[property.Ordinal],
            uncheckedMembers?[property.Ordinal] ?? false);
    }

    private sealed class FieldTypedReader(Type readerType, Type[] fieldTypes, Func<DbDataReader, object> read)
    {
        public Func<DbDataReader, object> Read { get; } = read;

        public bool Matches(DbDataReader reader)
        {
            if (reader.GetType() != readerType)
            {
                return false;
            }

            for (var i = 0; i < fieldTypes.Length; i++)
            {
                if (reader.GetFieldType(i) != fieldTypes[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
