using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace BackEnd.Storage.Document.Internal.Postgres;

/// <summary>Marten's greppable names (<c>mt_doc_{collection}</c>), kept within PostgreSQL's 63-byte identifiers without silent truncation.</summary>
internal static class PostgresNames
{
    private const int MaxIdentifier = 63;

    public const string Sequences = "mt_sequences";

    public const string KeyValue = "mt_kv";

    public static string Table(string collection) => Fit("mt_doc_" + collection);

    /// <summary>Index names are per schema in PostgreSQL, so the table name is part of them.</summary>
    public static string Index(string table, string index) => Fit(table + "_" + index);

    /// <summary>Shortens a name over the limit to a prefix and a hash of the whole, so two long names never meet in one identifier.</summary>
    public static string Fit(string name)
    {
        if (name.Length <= MaxIdentifier)
        {
            return name;
        }

        var hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(name)).ToString("x8", CultureInfo.InvariantCulture);
        return name[..(MaxIdentifier - 9)] + "_" + hash;
    }
}
