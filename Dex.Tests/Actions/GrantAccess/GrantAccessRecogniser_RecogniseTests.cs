using Dex.Core.Actions.GrantAccess;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.GrantAccess;

public sealed class GrantAccessRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsAppGivenKnownSaaS() => Assert.Equal(["grant_access > tom@acme.com | app=Salesforce"], new GrantAccessRecogniser().Steps("give tom@acme.com access to Salesforce"));

    [Fact]
    public void ReturnsMeGivenRequestAccess() => Assert.Equal(["grant_access > me | group=All-Engineering"], new GrantAccessRecogniser().Steps("Request access to the \"All-Engineering\" Teams group"));

    [Fact]
    public void ReturnsNoneGivenRemoveFrom() => Assert.False(new GrantAccessRecogniser().Claims("remove tom@acme.com from Sales Team"));
}
