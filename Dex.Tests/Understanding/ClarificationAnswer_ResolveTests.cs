using Dex.Core.Understanding;

namespace Dex.Tests.Understanding;

public sealed class ClarificationAnswer_ResolveTests
{
    // The two John Smiths of the sample tenant, in the order a clarification would list them.
    private static readonly ClarificationOption[] Johns =
    [
        new("u-11", "John Smith", "john.smith@acme.com", "Marketing", "Marketing Specialist", "NYC"),
        new("u-12", "John Smith", "jsmith@acme.com", "Sales", "Sales Representative", "SF HQ - Floor 2"),
    ];

    [Theory]
    [InlineData("1", 0)]
    [InlineData("2", 1)]
    [InlineData("#2", 1)]
    [InlineData("option 2", 1)]
    [InlineData("the second one", 1)]
    [InlineData("The first one please", 0)]
    [InlineData("second", 1)]
    [InlineData("2nd", 1)]
    [InlineData("the last one", 1)]
    [InlineData("the latter", 1)]
    [InlineData("I meant the first", 0)]
    public void ReturnsIndexGivenPosition(string reply, int expected) => Assert.Equal(expected, ClarificationAnswer.Resolve(reply, Johns));

    [Theory]
    [InlineData("jsmith@acme.com", 1)]
    [InlineData("JOHN.SMITH@ACME.COM", 0)]
    [InlineData("it's jsmith@acme.com", 1)]
    [InlineData("jsmith", 1)]
    [InlineData("john.smith", 0)]
    public void ReturnsIndexGivenAddress(string reply, int expected) => Assert.Equal(expected, ClarificationAnswer.Resolve(reply, Johns));

    [Theory]
    [InlineData("the one in Sales", 1)]
    [InlineData("John from marketing", 0)]
    [InlineData("the NYC one", 0)]
    [InlineData("the sales rep", 1)]
    [InlineData("John Smith in SF", 1)]
    [InlineData("the one on floor 2", 1)]
    [InlineData("Marketing Specialist", 0)]
    [InlineData("the one in the Marketing department", 0)]
    [InlineData("not the one in Sales", 0)]
    [InlineData("market", 0)]
    public void ReturnsIndexGivenDistinguishingDetail(string reply, int expected) => Assert.Equal(expected, ClarificationAnswer.Resolve(reply, Johns));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("John")]
    [InlineData("John Smith")]
    [InlineData("3")]
    [InlineData("0")]
    [InlineData("both")]
    [InlineData("neither")]
    [InlineData("not sure")]
    [InlineData("the one in Finance")]
    [InlineData("the one at acme.com")]
    [InlineData("?")]
    public void ReturnsNullGivenStillAmbiguousReply(string reply) => Assert.Null(ClarificationAnswer.Resolve(reply, Johns));

    [Fact]
    public void ReturnsNullGivenNoOptions() => Assert.Null(ClarificationAnswer.Resolve("1", []));

    [Fact]
    public void ReturnsIndexGivenThreeOptionsAndDepartment()
    {
        ClarificationOption[] options =
        [
            new("a", "Alex Kim", "alex.kim@acme.com", "Finance", "Analyst", "NYC"),
            new("b", "Alex Kim", "akim@acme.com", "R&D", "Engineer", "TLV"),
            new("c", "Alex Kim", "alex.k@acme.com", "Sales", "Analyst", "NYC"),
        ];

        Assert.Equal(1, ClarificationAnswer.Resolve("the R&D one", options));
        Assert.Equal(2, ClarificationAnswer.Resolve("3", options));
        Assert.Equal(2, ClarificationAnswer.Resolve("the last one", options));
        Assert.Equal(0, ClarificationAnswer.Resolve("Alex the analyst in finance", options));
        Assert.Null(ClarificationAnswer.Resolve("the analyst in NYC", options));
        Assert.Null(ClarificationAnswer.Resolve("the latter", options));
        Assert.Null(ClarificationAnswer.Resolve("not the one in Sales", options));
    }

    [Fact]
    public void ReturnsIndexGivenNullDetails()
    {
        ClarificationOption[] options =
        [
            new("a", "Sam Lee", "sam.lee@acme.com", null, null, null),
            new("b", "Sam Lee", "slee@acme.com", "Sales", null, null),
        ];

        Assert.Equal(1, ClarificationAnswer.Resolve("sales", options));
        Assert.Equal(0, ClarificationAnswer.Resolve("sam.lee@acme.com", options));
    }
}
