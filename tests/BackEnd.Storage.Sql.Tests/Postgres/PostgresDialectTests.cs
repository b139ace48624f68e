using BackEnd.Storage.Sql.Internal;

namespace BackEnd.Storage.Sql.Tests.Postgres;

public sealed class PostgresDialectTests
{
    [Theory]
    [InlineData("SET search_path = other")]
    [InlineData("set role admin")]
    [InlineData("SELECT 1; RESET ALL")]
    [InlineData("-- switch tenant\nSET app.tenant = '5'")]
    [InlineData("/* x */ SET statement_timeout = 0")]
    [InlineData("SELECT set_config('app.tenant', @t, false)")]
    [InlineData("CREATE TEMP TABLE scratch (id int)")]
    [InlineData("LISTEN orders")]
    [InlineData("SELECT pg_advisory_lock(1)")]
    [InlineData("CALL refresh_everything()")]
    [InlineData("DO $$ BEGIN PERFORM 1; END $$")]
    [InlineData("BEGIN")]
    [InlineData("start transaction isolation level serializable")]
    [InlineData("UPDATE t SET n = 1; BEGIN; UPDATE t SET n = 2")]
    public void MayChangeSession_SessionStatement_IsTrue(string sql)
    {
        var changes = PostgresDialect.Instance.MayChangeSession(sql);

        Assert.True(changes);
    }

    [Theory]
    [InlineData("SELECT id, email FROM users WHERE id = @id")]
    [InlineData("UPDATE users SET email = @email WHERE id = @id")]
    [InlineData("INSERT INTO users (email) VALUES (@e) ON CONFLICT DO NOTHING")]
    [InlineData("SELECT pg_advisory_xact_lock(1)")]
    [InlineData("SELECT offset_settings FROM t")]
    [InlineData("SELECT started_at, begin_date FROM t")]
    public void MayChangeSession_OrdinaryStatement_IsFalse(string sql)
    {
        var changes = PostgresDialect.Instance.MayChangeSession(sql);

        Assert.False(changes);
    }

    [Fact]
    public void OrderTerm_ColumnThatCannotBeNull_NamesNoNullPlacementSoAnIndexServesIt()
    {
        Assert.Equal("\"id\" ASC", PostgresDialect.Instance.OrderTerm("\"id\"", descending: false, canBeNull: false));
        Assert.Equal("\"id\" DESC", PostgresDialect.Instance.OrderTerm("\"id\"", descending: true, canBeNull: false));
        Assert.Equal("\"age\" ASC NULLS FIRST", PostgresDialect.Instance.OrderTerm("\"age\"", descending: false, canBeNull: true));
        Assert.Equal("\"age\" DESC NULLS LAST", PostgresDialect.Instance.OrderTerm("\"age\"", descending: true, canBeNull: true));
    }
}
