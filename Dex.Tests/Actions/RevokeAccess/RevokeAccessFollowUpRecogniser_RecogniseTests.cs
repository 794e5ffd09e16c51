using Dex.Core.Actions.RevokeAccess;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.RevokeAccess;

public sealed class RevokeAccessFollowUpRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsThePreviousGroupsGivenRemoveHim() => Assert.Equal(["revoke_access > tom@acme.com | group=Sales Team"], new RevokeAccessFollowUpRecogniser().Steps(new ClauseContext("remove him", false, ["tom@acme.com"], ["Sales Team"])));

    [Fact]
    public void ReturnsNoneGivenNoEarlierGroup() => Assert.False(new RevokeAccessFollowUpRecogniser().Claims("remove him"));
}
