using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using BackEnd.Storage.Providers;
using BackEnd.Storage.Sql.Internal;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

/// <summary>
/// The server engines' entity reader is compiled for the exact reader type it first sees; these feed it readers of other types
/// (the column types PostgreSQL's driver reports, served by DataTableReader and subclasses of it).
/// </summary>
public sealed class EntityReaderTypeTests
{
    private static readonly Guid Id = Guid.Parse("0b7d3c1e-5a2f-4e6b-9c8d-1f2e3a4b5c6d");
    private static readonly Guid Reference = Guid.Parse("f0e1d2c3-b4a5-4968-8776-655443322110");

    [Fact]
    public void ReaderFor_AnotherReaderType_CompilesItsOwnAndBothReadEveryMember()
    {
        var commands = Commands();

        using var plain = new DataTableReader(Table(nullable: false));
        using var marked = new MarkedReader(Table(nullable: false));
        using var hidden = new HiddenReader(Table(nullable: false));
        var readers = new DbDataReader[] { plain, marked, hidden };
        var compiled = new List<Func<DbDataReader, object>>();
        foreach (var reader in readers)
        {
            Assert.True(reader.Read());
            var read = commands.ReaderFor(reader);
            compiled.Add(read);
            AssertFull((MappedEntity)commands.Materialize(reader, read));
        }

        Assert.Equal(3, compiled.Distinct().Count());

        // Back to the first type: its reader is compiled again (or found) for it, never the last one cast to the wrong type.
        using var again = new DataTableReader(Table(nullable: false));
        Assert.True(again.Read());
        AssertFull((MappedEntity)commands.Materialize(again));
    }

    [Fact]
    public void ReaderFor_SameReaderTypeAndColumnTypes_ReusesTheCompiledReader()
    {
        var commands = Commands();
        using var first = new MarkedReader(Table(nullable: false));
        using var second = new MarkedReader(Table(nullable: true));

        Assert.Same(commands.ReaderFor(first), commands.ReaderFor(second));
    }

    [Fact]
    public void Materialize_NullsInNullableMembers_ReadAsNullThroughTheTypedReader()
    {
        var commands = Commands();
        using var reader = new MarkedReader(Table(nullable: true));
        Assert.True(reader.Read());

        var read = (MappedEntity)commands.Materialize(reader);

        Assert.Null(read.NullableInt);
        Assert.Null(read.NullableText);
        Assert.Null(read.MaybeStatus);
        Assert.Null(read.MaybeAt);
        Assert.Null(read.MaybeAmount);
        Assert.Null(read.Blob);
        Assert.Equal(ContractStatus.Active, read.Status);
    }

    [Fact]
    public void Materialize_NullInNonNullableMember_NamesTheColumn()
    {
        var commands = Commands();
        var table = Table(nullable: false);
        table.Rows[0]["big"] = DBNull.Value;
        using var reader = new MarkedReader(table);
        Assert.True(reader.Read());

        var error = Assert.Throws<InvalidOperationException>(() => commands.Materialize(reader));

        Assert.Contains("'big'", error.Message, StringComparison.Ordinal);
        Assert.Contains("MappedEntity.Big", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Materialize_ColumnTypesChangedForTheSameReaderType_CompilesForTheNewTypes()
    {
        var commands = Commands();
        using var first = new MarkedReader(Table(nullable: false));
        Assert.True(first.Read());
        var before = commands.ReaderFor(first);

        // big as an integer column, as after ALTER TABLE … TYPE integer: read with GetInt32 and widened.
        var narrowed = Table(nullable: false, bigAsInt: true);
        using var second = new MarkedReader(narrowed);
        Assert.True(second.Read());
        var after = commands.ReaderFor(second);

        Assert.NotSame(before, after);
        Assert.Equal(int.MinValue, ((MappedEntity)commands.Materialize(second, after)).Big);
    }

    [Fact]
    public void Materialize_NullInMemberDeclaredNonNullable_ReadsAsNullAsBeforeAndLaterRowsStillRead()
    {
        var commands = SqlEntityCommands.For(EntityDescriptor.For<NamedRow>(), PostgresDialect.Instance);
        var table = new DataTable();
        table.Columns.Add("id", typeof(long));
        table.Columns.Add("name", typeof(string));
        table.Columns.Add("note", typeof(string));
        table.Columns.Add("version", typeof(long));
        table.Rows.Add(1L, "first", "a", 1L);
        table.Rows.Add(2L, DBNull.Value, DBNull.Value, 1L);
        table.Rows.Add(3L, "third; DROP TABLE named", DBNull.Value, 2L);
        using var reader = new MarkedReader(table);

        var rows = new List<NamedRow>();
        while (reader.Read())
        {
            rows.Add((NamedRow)commands.Materialize(reader));
        }

        Assert.Equal([1L, 2L, 3L], rows.Select(r => r.Id));
        Assert.Equal(["first", null, "third; DROP TABLE named"], rows.Select(r => r.Name));
        Assert.Equal(["a", null, null], rows.Select(r => r.Note));
        Assert.Equal([1L, 1L, 2L], rows.Select(r => r.Version));
    }

    private static SqlEntityCommands Commands()
        => SqlEntityCommands.For(EntityDescriptor.For<MappedEntity>(), PostgresDialect.Instance);

    private static void AssertFull(MappedEntity read)
    {
        Assert.Equal(Id, read.Id);
        Assert.Equal(-42, read.NullableInt);
        Assert.Equal("it's", read.NullableText);
        Assert.Equal(ContractStatus.Active, read.Status);
        Assert.Equal(ContractStatus.Archived, read.MaybeStatus);
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), read.At);
        Assert.Equal(DateTimeOffset.UnixEpoch, read.MaybeAt);
        Assert.Equal(12.5m, read.Amount);
        Assert.Equal(-0.0000000001m, read.MaybeAmount);
        Assert.Equal([0, 255], read.Blob);
        Assert.True(read.Flag);
        Assert.Equal(Math.E, read.Ratio);
        Assert.Equal(long.MinValue, read.Big);
        Assert.Equal(Reference, read.Ref);
        Assert.Equal(new DateOnly(1999, 12, 31), read.Day);
        Assert.Equal(3, read.Version);
    }

    // The columns in descriptor order, typed as Npgsql reports them (timestamptz and date as DateTime).
    private static DataTable Table(bool nullable, bool bigAsInt = false)
    {
        var values = new Dictionary<string, (Type Type, object Value)>
        {
            ["id"] = (typeof(Guid), Id),
            ["nullable_int"] = (typeof(int), nullable ? DBNull.Value : -42),
            ["nullable_text"] = (typeof(string), nullable ? DBNull.Value : "it's"),
            ["status"] = (typeof(int), (int)ContractStatus.Active),
            ["maybe_status"] = (typeof(int), nullable ? DBNull.Value : (int)ContractStatus.Archived),
            ["at"] = (typeof(DateTime), new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc)),
            ["maybe_at"] = (typeof(DateTime), nullable ? DBNull.Value : DateTime.UnixEpoch),
            ["amount"] = (typeof(decimal), 12.5m),
            ["maybe_amount"] = (typeof(decimal), nullable ? DBNull.Value : -0.0000000001m),
            ["blob"] = (typeof(byte[]), nullable ? DBNull.Value : new byte[] { 0, 255 }),
            ["flag"] = (typeof(bool), true),
            ["ratio"] = (typeof(double), Math.E),
            ["big"] = bigAsInt ? (typeof(int), int.MinValue) : (typeof(long), long.MinValue),
            ["ref"] = (typeof(Guid), Reference),
            ["day"] = (typeof(DateTime), new DateTime(1999, 12, 31)),
            ["version"] = (typeof(long), 3L),
        };
        var table = new DataTable();
        var row = new List<object>();
        foreach (var property in EntityDescriptor.For<MappedEntity>().Properties)
        {
            var (type, value) = values[property.ColumnName];
            table.Columns.Add(property.ColumnName, type);
            row.Add(value);
        }

        table.Rows.Add([.. row]);
        return table;
    }

    /// <summary>A public reader type of its own, which the compiled reader may name.</summary>
    [SuppressMessage("Design", "CA1010", Justification = "A DbDataReader, enumerable as drivers' readers are.")]
    public sealed class MarkedReader(DataTable table) : DelegatingReader(new DataTableReader(table));

    // A type the compiled reader may not name: read through DbDataReader.
    private sealed class HiddenReader(DataTable table) : DelegatingReader(new DataTableReader(table));

    /// <summary>Another driver's reader, as far as the entity reader can tell: every call goes to the inner reader.</summary>
    [SuppressMessage("Design", "CA1010", Justification = "A DbDataReader, enumerable as drivers' readers are.")]
    public abstract class DelegatingReader(DbDataReader inner) : DbDataReader
    {
        public override int Depth => inner.Depth;

        public override int FieldCount => inner.FieldCount;

        public override bool HasRows => inner.HasRows;

        public override bool IsClosed => inner.IsClosed;

        public override int RecordsAffected => inner.RecordsAffected;

        public override object this[int ordinal] => inner[ordinal];

        public override object this[string name] => inner[name];

        public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal);

        public override byte GetByte(int ordinal) => inner.GetByte(ordinal);

        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

        public override char GetChar(int ordinal) => inner.GetChar(ordinal);

        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

        public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);

        public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);

        public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);

        public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);

        public override System.Collections.IEnumerator GetEnumerator() => inner.GetEnumerator();

        public override Type GetFieldType(int ordinal) => inner.GetFieldType(ordinal);

        public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);

        public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);

        public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);

        public override int GetInt32(int ordinal) => inner.GetInt32(ordinal);

        public override long GetInt64(int ordinal) => inner.GetInt64(ordinal);

        public override string GetName(int ordinal) => inner.GetName(ordinal);

        public override int GetOrdinal(string name) => inner.GetOrdinal(name);

        public override string GetString(int ordinal) => inner.GetString(ordinal);

        public override object GetValue(int ordinal) => inner.GetValue(ordinal);

        public override int GetValues(object[] values) => inner.GetValues(values);

        public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);

        public override bool NextResult() => inner.NextResult();

        public override bool Read() => inner.Read();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A row with a string declared non-nullable and one declared nullable.</summary>
    [System.ComponentModel.DataAnnotations.Schema.Table("named")]
    public sealed class NamedRow
    {
        public long Id { get; set; }

        public string Name { get; set; } = "";

        public string? Note { get; set; }

        public long Version { get; set; }
    }
}
