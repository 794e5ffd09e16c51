using Dex.Core.Actions.CheckMembership;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.CheckMembership;

public sealed class CheckMembershipRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsOneStepPerGroupGivenIsXIn() => Assert.Equal(["check_membership > tom@acme.com | group=Sales Team"], new CheckMembershipRecogniser().Steps("is tom@acme.com in Sales Team"));

    [Fact]
    public void ReturnsNoneGivenWhoQuestion() => Assert.False(new CheckMembershipRecogniser().Claims("who is in Sales Team"));
}
