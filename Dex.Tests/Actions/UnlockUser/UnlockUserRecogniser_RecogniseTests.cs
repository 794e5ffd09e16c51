using Dex.Core.Actions.UnlockUser;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.UnlockUser;

public sealed class UnlockUserRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsOneBulkStepGivenAPastedList() => Assert.Equal(["unlock_user | targets=kevin@acme.com;priya@acme.com"], new UnlockUserRecogniser().Steps("unlock these: kevin@acme.com, priya@acme.com"));

    [Fact]
    public void ReturnsMeGivenLockedOut() => Assert.Equal(["unlock_user > me"], new UnlockUserRecogniser().Steps("I'm locked out"));

    [Fact]
    public void AsksForTheListGivenBulkWordsWithoutOne()
    {
        var recognition = new UnlockUserRecogniser().Recognise(ClauseContext.First("unlock the ones on this list"));

        Assert.Empty(recognition.Steps);
        Assert.Equal([UnlockUserRecogniser.PasteListNote], recognition.Notes);
    }

    [Fact]
    public void ReturnsNoneGivenEnableMfa() => Assert.False(new UnlockUserRecogniser().Claims("enable MFA for tom@acme.com"));
}
