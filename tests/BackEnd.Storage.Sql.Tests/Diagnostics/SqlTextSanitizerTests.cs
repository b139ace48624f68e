using BackEnd.Storage.Sql.Internal;

namespace BackEnd.Storage.Sql.Tests.Diagnostics;

public sealed class SqlTextSanitizerTests
{
    [Theory]
    [InlineData("SELECT * FROM t WHERE a = 'x''y' AND b = 42", SqlDatabaseKind.Sqlite, "SELECT * FROM t WHERE a = ? AND b = ?")]
    [InlineData("SELECT \"col1\", t2.c3 FROM t2 WHERE id = @id1 -- secret\n", SqlDatabaseKind.Postgres, "SELECT \"col1\", t2.c3 FROM t2 WHERE id = @id1  ")]
    [InlineData("SELECT $$it's a secret$$, $tag$x$tag$, $1 /* note 'x' */ FROM t", SqlDatabaseKind.Postgres, "SELECT ?, ?, $1  FROM t")]
    [InlineData("SELECT \"a\\\"b\", `c` FROM t # 'x'", SqlDatabaseKind.MySql, "SELECT ?, `c` FROM t  ")]
    [InlineData("SELECT 'it\\'s', 0x1F, 1.5e3 FROM t", SqlDatabaseKind.MySql, "SELECT ?, ?, ? FROM t")]
    [InlineData("SELECT 'unterminated", SqlDatabaseKind.Sqlite, "SELECT ?")]
    public void Sanitize_Literals_BecomeQuestionMarks(string sql, SqlDatabaseKind database, string expected)
    {
        var sanitized = SqlTextSanitizer.Sanitize(sql, database);

        Assert.Equal(expected, sanitized);
    }

    [Theory]
    [InlineData("  select 1", "SELECT")]
    [InlineData("-- comment\n/* x */ insert into t values (1)", "INSERT")]
    [InlineData("Vacuum", "VACUUM")]
    [InlineData("(SELECT 1)", null)]
    [InlineData("", null)]
    public void OperationName_FirstKeyword_IsUpperCase(string sql, string? expected)
    {
        var name = SqlTextSanitizer.OperationName(sql);

        Assert.Equal(expected, name);
    }
}
