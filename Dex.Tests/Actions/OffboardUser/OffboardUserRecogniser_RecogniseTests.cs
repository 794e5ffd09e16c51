using Dex.Core.Actions.OffboardUser;
using Dex.Core.Understanding;
using Dex.Tests.Understanding;

namespace Dex.Tests.Actions.OffboardUser;

public sealed class OffboardUserRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsOffboardGivenOffboardAddress() => Assert.Equal(["offboard_user > tom@acme.com"], new OffboardUserRecogniser().Steps("offboard tom@acme.com"));

    [Fact]
    public void ReturnsOneStepGivenTheLeaverStepsSpelledOut()
        => Assert.Equal(["offboard_user > tom"], RuleBasedUnderstanding.Parse("offboard tom: disable him, revoke his sessions, remove him from all groups").Select(UnderstandingCorpus.Format));

    [Fact]
    public void ReturnsOneStepGivenIsLeavingAndLeaverProcess()
        => Assert.Equal(["offboard_user > tom@acme.com"], RuleBasedUnderstanding.Parse("tom@acme.com is leaving, run the leaver process").Select(UnderstandingCorpus.Format));

    [Fact]
    public void AsksWhoGivenOnlyAPronoun()
    {
        var recognition = new OffboardUserRecogniser().Recognise(ClauseContext.First("offboard him"));

        Assert.True(recognition.Claimed);
        Assert.Empty(recognition.Steps);
        Assert.Contains("Say who is leaving", Assert.Single(recognition.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void ReturnsNoneGivenAGroupRemoval() => Assert.False(new OffboardUserRecogniser().Claims("remove tom@acme.com from Sales Team"));

    [Fact]
    public void StillRefusesGivenDeleteTheUser() => Assert.Empty(RuleBasedUnderstanding.Parse("Delete the user eve@acme.com"));
}
