using System.Collections;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace BackEnd.Storage.Sql.Internal;

// Turns the caller's parameter object into bound parameters. Values never reach the SQL text; only parameter names do
// (when a list expands into @ids_0, @ids_1, …), and those are checked to be plain identifiers first.
internal static class SqlParameterReader
{
    private static readonly ConcurrentDictionary<Type, (string Name, Func<object, object?> Get)[]> Members = new();

    public static SqlStatement Prepare(string sql, object? parameters, SqlDialect dialect)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var bound = new List<KeyValuePair<string, object>>();
        if (parameters is null)
        {
            return new SqlStatement(sql, bound, dialect.MayChangeSession(sql));
        }

        foreach (var (rawName, value) in Enumerate(parameters))
        {
            var name = rawName.TrimStart('@', ':', '$');
            if (!IsIdentifier(name))
            {
                throw new ArgumentException($"'{rawName}' is not a valid parameter name; use letters, digits and underscores.", nameof(parameters));
            }

            if (value is IEnumerable items and not string and not byte[])
            {
                var names = new StringBuilder();
                var index = 0;
                foreach (var item in items)
                {
                    var itemName = $"{name}_{index++}";
                    names.Append(names.Length == 0 ? "@" : ", @").Append(itemName);
                    bound.Add(new(itemName, dialect.ToDbValue(item)));
                }

                // An empty list matches nothing: "x IN (NULL)" is never true.
                sql = ReplaceParameter(sql, name, names.Length == 0 ? "NULL" : names.ToString());
            }
            else
            {
                bound.Add(new(name, dialect.ToDbValue(value)));
            }
        }

        if (bound.Count > SqlStorageDefaults.MaxParameters)
        {
            // Engines refuse past their own limit with an untyped error (SQLite: "too many SQL variables"); refuse first, clearly.
            throw new InvalidQueryException(
                $"The statement binds {bound.Count} values; at most {SqlStorageDefaults.MaxParameters} are allowed. Split a long IN list into batches, "
                + "or insert the values into a (temporary) table and join it.");
        }

        return new SqlStatement(sql, bound, dialect.MayChangeSession(sql));
    }

    // atNamed: the text names every parameter @name (BackEnd's own statements). The parameter is then named with the @, so
    // Microsoft.Data.Sqlite finds it in one lookup; a bare name cost it a failed lookup and a concatenated name per prefix
    // tried, on every execution. Caller SQL may write @, : or $, so its parameters keep the bare name the drivers match to any.
    public static void Bind(DbCommand command, IReadOnlyList<KeyValuePair<string, object>> parameters, bool atNamed = false)
    {
        var existing = command.Parameters;
        if (existing.Count == parameters.Count)
        {
            var same = true;
            for (var i = 0; i < parameters.Count && same; i++)
            {
                var name = existing[i].ParameterName;
                var key = parameters[i].Key;
                same = atNamed
                    ? name.Length == key.Length + 1 && name[0] == '@' && name.AsSpan(1).SequenceEqual(key)
                    : string.Equals(name, key, StringComparison.Ordinal);
            }

            if (same)
            {
                for (var i = 0; i < parameters.Count; i++)
                {
                    SetValue(existing[i], parameters[i].Value);
                }

                return;
            }
        }

        existing.Clear();
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = atNamed ? "@" + name : name;
            SetValue(parameter, value);
            existing.Add(parameter);
        }
    }

    // Marks a parameter typed for JSON: a kept command may bind the same name to a plain value next time.
    private const string JsonMark = "json";

    private static void SetValue(DbParameter parameter, object value)
    {
        if (value is SqlJson json)
        {
            if (parameter.GetType().Namespace == "Npgsql")
            {
                MarkUntyped(parameter);
            }

            parameter.Value = json.Text;
            return;
        }

        if (ReferenceEquals(parameter.SourceColumn, JsonMark))
        {
            parameter.ResetDbType();
            parameter.SourceColumn = string.Empty;
        }

        parameter.Value = value;
    }

    // Sent untyped, PostgreSQL takes the type of the column it goes to (jsonb or json) instead of refusing text. In its own
    // method, reached only for Npgsql's parameters: naming Npgsql's types in SetValue loaded Npgsql in SQLite and MySQL apps.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MarkUntyped(DbParameter parameter)
    {
        if (parameter is Npgsql.NpgsqlParameter postgres)
        {
            postgres.NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Unknown;
            postgres.SourceColumn = JsonMark;
        }
    }

    private static IEnumerable<KeyValuePair<string, object?>> Enumerate(object parameters)
    {
        switch (parameters)
        {
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                return pairs;
            case IDictionary dictionary:
                return dictionary.Cast<DictionaryEntry>().Select(e => new KeyValuePair<string, object?>(Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture)!, e.Value));
            default:
                var members = Members.GetOrAdd(parameters.GetType(), static type => [.. type
                    .GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0)
                    .Select(p => (p.Name, (Func<object, object?>)p.GetValue))]);
                return members.Select(m => new KeyValuePair<string, object?>(m.Name, m.Get(parameters)));
        }
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    // Replaces @name tokens outside quoted text and comments.
    private static string ReplaceParameter(string sql, string name, string replacement)
    {
        var result = new StringBuilder(sql.Length + replacement.Length);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                var end = sql.IndexOf(c, i + 1);
                end = end < 0 ? sql.Length - 1 : end;
                result.Append(sql, i, end - i + 1);
                i = end + 1;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var end = sql.IndexOf('\n', i);
                end = end < 0 ? sql.Length - 1 : end;
                result.Append(sql, i, end - i + 1);
                i = end + 1;
            }
            else if (c == '@'
                && string.CompareOrdinal(sql, i + 1, name, 0, name.Length) == 0
                && (i + 1 + name.Length == sql.Length || !IsIdentifierChar(sql[i + 1 + name.Length]))
                && (i == 0 || !IsIdentifierChar(sql[i - 1])))
            {
                result.Append(replacement);
                i += name.Length + 1;
            }
            else
            {
                result.Append(c);
                i++;
            }
        }

        return result.ToString();
    }

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '@';
}
