using System.Collections.Concurrent;
using System.Data.Common;
using BackEnd.Storage.Providers;

namespace BackEnd.Storage.Sql.Internal;

// The fixed statements of one entity type on one dialect, built once. Identifiers come from the descriptor only.
internal sealed class SqlEntityCommands
{
    private static readonly ConcurrentDictionary<(Type, SqlDatabaseKind), SqlEntityCommands> Cache = new();

    private readonly Func<DbDataReader, int, object>?[] _readers;

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
        _readers = [.. descriptor.Properties.Select(p => dialect.TypedReader(p.ValueType))];
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

    public static SqlEntityCommands For(EntityDescriptor descriptor, SqlDialect dialect)
        => Cache.GetOrAdd((descriptor.EntityType, dialect.Kind), static (_, state) => new SqlEntityCommands(state.descriptor, state.dialect), (descriptor, dialect));

    public object Materialize(DbDataReader reader)
    {
        var properties = Descriptor.Properties;
        var values = new object?[properties.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var property = properties[i];
            if (_readers[i] is { } typed)
            {
                // A NULL check costs a native call per column; non-nullable numeric members map NOT NULL columns,
                // where the driver's typed read is exact (as a hand-written reader would do it).
                values[i] = property.IsNullable && reader.IsDBNull(i) ? null : typed(reader, i);
                continue;
            }

            var value = reader.GetValue(i);
            if (value is DBNull)
            {
                values[i] = property.IsNullable ? null : throw NullColumn(property);
            }
            else
            {
                values[i] = Dialect.FromDbValue(value, property.ValueType);
            }
        }

        return Descriptor.Create(values);
    }

    private InvalidOperationException NullColumn(EntityProperty property)
        => new($"The column '{property.ColumnName}' is NULL but {Descriptor.EntityType.Name}.{property.Name} is not nullable.");
}
