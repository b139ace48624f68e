using BackEnd.Routing.Internal;

namespace BackEnd.Core.Tests.Routing;

public sealed class RouteConstraintTests
{
    [Theory]
    [InlineData("int", null, "42", true)]
    [InlineData("int", null, "-7", true)]
    [InlineData("int", null, "4.2", false)]
    [InlineData("int", null, "99999999999", false)]
    [InlineData("long", null, "99999999999", true)]
    [InlineData("long", null, "x", false)]
    [InlineData("guid", null, "6f9619ff-8b86-d011-b42d-00cf4fc964ff", true)]
    [InlineData("guid", null, "not-a-guid", false)]
    [InlineData("bool", null, "true", true)]
    [InlineData("bool", null, "False", true)]
    [InlineData("bool", null, "yes", false)]
    [InlineData("alpha", null, "abcXYZ", true)]
    [InlineData("alpha", null, "abc1", false)]
    [InlineData("min", "10", "10", true)]
    [InlineData("min", "10", "9", false)]
    [InlineData("max", "10", "10", true)]
    [InlineData("max", "10", "11", false)]
    [InlineData("range", "1,5", "3", true)]
    [InlineData("range", "1,5", "6", false)]
    [InlineData("range", "1,5", "x", false)]
    [InlineData("length", "3", "abc", true)]
    [InlineData("length", "3", "ab", false)]
    [InlineData("length", "2,4", "abcd", true)]
    [InlineData("length", "2,4", "abcde", false)]
    [InlineData("minlength", "2", "ab", true)]
    [InlineData("minlength", "2", "a", false)]
    [InlineData("maxlength", "2", "ab", true)]
    [InlineData("maxlength", "2", "abc", false)]
    [InlineData("regex", "^\\d{3}$", "123", true)]
    [InlineData("regex", "\\d{3}", "1234", false)]
    [InlineData("regex", "[a-c]+", "ABC", true)]
    public void Match_Constraint_AcceptsOnlyValidValues(string name, string? argument, string value, bool expected)
    {
        var constraint = RouteConstraint.Create(name, argument)!;

        var matched = constraint.Match(value);

        Assert.Equal(expected, matched);
    }

    [Theory]
    [InlineData("unknown", null)]
    [InlineData("min", "x")]
    [InlineData("range", "5,1")]
    [InlineData("length", "-1")]
    [InlineData("regex", "(")]
    [InlineData("regex", "(?=a)a")]
    [InlineData("regex", "(a)\\1")]
    [InlineData("int", "3")]
    public void Create_InvalidConstraint_ReturnsNull(string name, string? argument)
    {
        var constraint = RouteConstraint.Create(name, argument);

        Assert.Null(constraint);
    }

    [Theory]
    [InlineData(60, "!", false)]
    [InlineData(60, "", true)]
    [InlineData(5000, "!", false)]
    public void Match_PathologicalRegexInput_GivesCorrectAnswer(int letters, string tail, bool expected)
    {
        // (\w+\s?)+ against many letters and a final '!' is the classic catastrophic-backtracking case; the answer
        // must be right (and, on the linear engine, it comes at once; no timing is asserted).
        var constraint = RouteConstraint.Create("regex", "(\\w+\\s?)+")!;

        var matched = constraint.Match(new string('a', letters) + tail);

        Assert.Equal(expected, matched);
    }
}
