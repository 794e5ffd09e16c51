using Dex.Core.Actions.GrantAccess;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.GrantAccess;

public sealed class GrantAccessFollowUpRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsThePreviousPeopleAndGroupsGivenAddHim() => Assert.Equal(["grant_access > tom@acme.com | group=Sales Team"], new GrantAccessFollowUpRecogniser().Steps(new ClauseContext("if not, add him", false, ["tom@acme.com"], ["Sales Team"])));

    [Fact]
    public void ReturnsNoneGivenRemoveHim() => Assert.False(new GrantAccessFollowUpRecogniser().Recognise(new ClauseContext("remove him", false, ["tom@acme.com"], ["Sales Team"])).Claimed);
}
