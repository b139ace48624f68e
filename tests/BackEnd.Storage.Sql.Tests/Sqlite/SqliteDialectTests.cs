using BackEnd.Storage.Sql.Internal;

namespace BackEnd.Storage.Sql.Tests.Sqlite;

public sealed class SqliteDialectTests
{
    [Theory]
    [InlineData("2024-02-29T23:59:59.9999999+05:00")]
    [InlineData("0001-01-01T00:00:00+00:00")]
    [InlineData("9999-12-31T23:59:59.9999999+00:00")]
    [InlineData("1970-01-01T00:00:00.0000001-11:30")]
    public void FromDbValue_InstantWrittenByToDbValue_RoundTripsTheInstant(string iso)
    {
        var instant = DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

        var stored = SqliteDialect.Instance.ToDbValue(instant);
        var read = SqliteDialect.Instance.FromDbValue(stored, typeof(DateTimeOffset));

        Assert.Equal(instant, read);
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)read).Offset);
    }

    [Theory]
    [InlineData("2024-01-02 03:04:05+02:00")]
    [InlineData("2024-01-02T03:04:05.1234567Z")]
    [InlineData("2024-13-02 03:04:05.1234567+00:00")]
    public void FromDbValue_OtherInstantText_FallsBackToTheGeneralParser(string text)
    {
        var fast = SqliteDialect.TryParseInstant(text, out _);

        Assert.False(fast);
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var expected))
        {
            Assert.Equal(expected, SqliteDialect.Instance.FromDbValue(text, typeof(DateTimeOffset)));
        }
    }

    [Fact]
    public void ToDbValue_Instant_MatchesTheInvariantFixedWidthFormat()
    {
        var instant = new DateTimeOffset(2024, 3, 4, 5, 6, 7, TimeSpan.FromHours(-2)).AddTicks(89);

        var stored = SqliteDialect.Instance.ToDbValue(instant);

        Assert.Equal(instant.UtcDateTime.ToString("yyyy'-'MM'-'dd HH':'mm':'ss'.'fffffff'+00:00'", System.Globalization.CultureInfo.InvariantCulture), stored);
    }
}
