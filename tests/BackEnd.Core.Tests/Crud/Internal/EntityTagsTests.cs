using BackEnd.Crud.Internal;

namespace BackEnd.Core.Tests.Crud.Internal;

public sealed class EntityTagsTests
{
    // RFC 9110 §8.8.3.2: strong comparison matches only two strong equal tags; weak comparison ignores W/.
    [Theory]
    [InlineData("W/\"1\"", "W/\"1\"", false, true)]
    [InlineData("W/\"1\"", "W/\"2\"", false, false)]
    [InlineData("W/\"1\"", "\"1\"", false, true)]
    [InlineData("\"1\"", "\"1\"", true, true)]
    public void Compare_Rfc9110Table_MatchesStrongAndWeak(string header, string current, bool strongMatch, bool weakMatch)
    {
        Assert.Equal(strongMatch, EntityTags.IfMatchPasses(header, current));
        Assert.Equal(weakMatch, EntityTags.IfNoneMatchMatches(header, current));
    }

    [Theory]
    [InlineData("*", "\"3\"", true)]
    [InlineData("*", null, false)]
    [InlineData("\"1\", \"3\"", "\"3\"", true)]
    [InlineData("\"1\",\"2\"", "\"3\"", false)]
    [InlineData("3", "\"3\"", false)]
    [InlineData("", "\"3\"", false)]
    public void IfMatchPasses_ListsAndStar_FollowRfc9110(string header, string? current, bool passes)
    {
        Assert.Equal(passes, EntityTags.IfMatchPasses(header, current));
    }
}
