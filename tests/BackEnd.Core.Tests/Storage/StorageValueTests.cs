using BackEnd.Storage.Providers;
using BackEnd.Storage.Testing;

namespace BackEnd.Core.Tests.Storage;

public sealed class StorageValueTests
{
    public static TheoryData<object, Type> RoundTrips => new()
    {
        { 42L, typeof(long) },
        { -7, typeof(int) },
        { 12345678901234567890.123456789m, typeof(decimal) },
        { Math.PI, typeof(double) },
        { true, typeof(bool) },
        { Guid.Parse("0b9d1c7e-3a51-4c2e-8f37-1d2a3b4c5d6e"), typeof(Guid) },
        { new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(5)).AddTicks(1234567), typeof(DateTimeOffset) },
        { new DateOnly(2024, 2, 29), typeof(DateOnly) },
        { TimeSpan.FromMilliseconds(1234.5), typeof(TimeSpan) },
        { ContractStatus.Archived, typeof(ContractStatus) },
        { new byte[] { 0, 255, 7 }, typeof(byte[]) },
        { "text with 'quotes' and 😀", typeof(string) },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void FormatThenParse_AnySupportedValue_RoundTrips(object value, Type type)
    {
        var text = StorageValue.Format(value);

        var parsed = StorageValue.Parse(text, type);

        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("Archived", ContractStatus.Archived)]
    [InlineData("archived", ContractStatus.Archived)]
    [InlineData(7L, ContractStatus.Archived)]
    [InlineData(1, ContractStatus.Active)]
    public void ConvertTo_EnumFromNameOrNumber_Converts(object value, ContractStatus expected)
    {
        var converted = StorageValue.ConvertTo(value, typeof(ContractStatus?));

        Assert.Equal(expected, converted);
    }

    [Fact]
    public void ConvertTo_DbNullOrNull_IsNull()
    {
        var fromDbNull = StorageValue.ConvertTo(DBNull.Value, typeof(int?));
        var fromNull = StorageValue.ConvertTo(null, typeof(string));

        Assert.Null(fromDbNull);
        Assert.Null(fromNull);
    }

    [Fact]
    public void Compare_Nulls_AreSmallestAndTextIsOrdinal()
    {
        var values = new object?[] { "b", null, "B", "a" };

        var sorted = values.Order(Comparer<object?>.Create(StorageValue.Compare)).ToArray();

        Assert.Equal(new object?[] { null, "B", "a", "b" }, sorted);
    }
}
