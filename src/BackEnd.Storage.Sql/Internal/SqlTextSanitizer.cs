using System.Text;

namespace BackEnd.Storage.Sql.Internal;

// Statement text fit for traces: literals (strings, numbers, dollar-quoted bodies) become '?' and comments are dropped, so
// a caller who wrote a value into the SQL instead of binding it does not see it exported. Identifiers and @parameters stay.
internal static class SqlTextSanitizer
{
    private static readonly string[] Keywords =
    [
        "SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "CREATE", "ALTER", "DROP", "BEGIN", "COMMIT", "ROLLBACK", "SET", "PRAGMA",
        "REPLACE", "MERGE", "CALL", "TRUNCATE", "SHOW", "EXPLAIN", "VALUES", "DO", "LOCK", "SAVEPOINT", "RELEASE", "START",
    ];

    // The first keyword of the statement (SELECT, INSERT, …), upper-case; null when the text starts with none.
    public static string? OperationName(string sql)
    {
        var i = SkipTrivia(sql, 0, hashComments: true);
        var start = i;
        while (i < sql.Length && i - start < 32 && char.IsAsciiLetter(sql[i]))
        {
            i++;
        }

        if (i == start)
        {
            return null;
        }

        var word = sql.AsSpan(start, i - start);
        foreach (var keyword in Keywords)
        {
            if (word.Equals(keyword, StringComparison.OrdinalIgnoreCase))
            {
                return keyword;
            }
        }

        return word.ToString().ToUpperInvariant();
    }

    public static string Sanitize(string sql, SqlDatabaseKind database)
    {
        var result = new StringBuilder(sql.Length);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\'' || (c == '"' && database == SqlDatabaseKind.MySql))
            {
                // MySQL reads "…" as a string too, and a backslash escapes the next character there.
                i = SkipQuoted(sql, i, c, backslashEscapes: database == SqlDatabaseKind.MySql);
                result.Append('?');
            }
            else if (c is '"' or '`')
            {
                var end = SkipQuoted(sql, i, c, backslashEscapes: false);
                result.Append(sql, i, end - i);
                i = end;
            }
            else if (c == '$' && database == SqlDatabaseKind.Postgres && DollarTag(sql, i) is { } tag)
            {
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + tag.Length;
                result.Append('?');
            }
            else if (IsCommentStart(sql, i, database))
            {
                i = SkipTrivia(sql, i, hashComments: database == SqlDatabaseKind.MySql);
                result.Append(' ');
            }
            else if (char.IsAsciiDigit(c) && (i == 0 || !IsIdentifierChar(sql[i - 1])))
            {
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '.'))
                {
                    i++;
                }

                result.Append('?');
            }
            else
            {
                result.Append(c);
                i++;
            }
        }

        return result.ToString();
    }

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '@' or '$' or ':' or '.';

    private static bool IsCommentStart(string sql, int i, SqlDatabaseKind database)
        => (sql[i] == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            || (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            || (sql[i] == '#' && database == SqlDatabaseKind.MySql);

    // Skips white space and comments from i; returns the index of the first other character.
    private static int SkipTrivia(string sql, int i, bool hashComments)
    {
        while (i < sql.Length)
        {
            if (char.IsWhiteSpace(sql[i]))
            {
                i++;
            }
            else if ((sql[i] == '-' && i + 1 < sql.Length && sql[i + 1] == '-') || (sql[i] == '#' && hashComments))
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    // Returns the index after the closing quote (a doubled quote continues the text); the end of the text if unclosed.
    private static int SkipQuoted(string sql, int i, char quote, bool backslashEscapes)
    {
        i++;
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i += 2;
            }
            else if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                }
                else
                {
                    return i + 1;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    // "$$" or "$tag$" opening a PostgreSQL dollar-quoted string; $1 (a positional parameter) is not one.
    private static string? DollarTag(string sql, int i)
    {
        var j = i + 1;
        while (j < sql.Length && (char.IsAsciiLetter(sql[j]) || sql[j] == '_'))
        {
            j++;
        }

        return j < sql.Length && sql[j] == '$' ? sql.Substring(i, j - i + 1) : null;
    }
}
