using Dex.Core.Actions.RevokeAccess;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.RevokeAccess;

public sealed class RevokeAccessRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsRevokeGivenRemoveFrom() => Assert.Equal(["revoke_access > tom@acme.com | group=Sales Team"], new RevokeAccessRecogniser().Steps("remove tom@acme.com from the Sales Team group"));

    [Fact]
    public void RefusesWithRoleNoteGivenADirectoryRole()
    {
        var recognition = new RevokeAccessRecogniser().Recognise(ClauseContext.First("remove tom@acme.com from Global Administrator"));

        Assert.True(recognition.Claimed);
        Assert.Empty(recognition.Steps);
        Assert.Equal([RuleBasedUnderstanding.RoleNote], recognition.Notes);
    }

    [Fact]
    public void ReturnsNoneGivenAddTo() => Assert.False(new RevokeAccessRecogniser().Claims("add tom@acme.com to Sales Team"));
}
