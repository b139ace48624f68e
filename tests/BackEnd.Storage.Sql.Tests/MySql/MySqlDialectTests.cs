using BackEnd.Storage.Sql.Internal;

namespace BackEnd.Storage.Sql.Tests.MySql;

public sealed class MySqlDialectTests
{
    [Theory]
    [InlineData("SET SESSION sql_mode = ''")]
    [InlineData("set @tenant = 5")]
    [InlineData("SELECT @n := 1")]
    [InlineData("BEGIN; UPDATE t SET a = 1")]
    [InlineData("START TRANSACTION")]
    [InlineData("# comment\nUSE other_db")]
    [InlineData("CREATE TEMPORARY TABLE scratch (id INT)")]
    [InlineData("SELECT GET_LOCK('job', 0)")]
    [InlineData("LOCK TABLES t WRITE")]
    [InlineData("CALL refresh_everything()")]
    public void MayChangeSession_SessionStatement_IsTrue(string sql)
    {
        var changes = MySqlDialect.Instance.MayChangeSession(sql);

        Assert.True(changes);
    }

    [Theory]
    [InlineData("SELECT id, email FROM users WHERE id = @id")]
    [InlineData("UPDATE users SET email = @email WHERE id = @id")]
    [InlineData("INSERT INTO users (email) VALUES (@e) ON DUPLICATE KEY UPDATE email = VALUES(email)")]
    [InlineData("SELECT settings_begin FROM t")]
    public void MayChangeSession_OrdinaryStatement_IsFalse(string sql)
    {
        var changes = MySqlDialect.Instance.MayChangeSession(sql);

        Assert.False(changes);
    }

    [Fact]
    public void Quote_Backtick_IsDoubled()
    {
        var quoted = MySqlDialect.Instance.Quote("a`b");

        Assert.Equal("`a``b`", quoted);
    }

    [Fact]
    public void ServerPreparedStatements_PastTheLimit_RefusesNewTextsButKeepsAdmittedOnes()
    {
        var prepared = new ServerPreparedStatements(limit: 3);

        var admitted = Enumerable.Range(0, 3).Select(i => prepared.Admit("SELECT " + i)).ToArray();

        Assert.All(admitted, Assert.True);
        Assert.False(prepared.Admit("SELECT 99"));
        Assert.True(prepared.Admit("SELECT 1"));
    }
}
