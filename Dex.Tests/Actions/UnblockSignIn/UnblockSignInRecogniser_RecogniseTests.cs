using Dex.Core.Actions.UnblockSignIn;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.UnblockSignIn;

public sealed class UnblockSignInRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsUnblockGivenRiskyWording() => Assert.Equal(["unblock_signin > tom@acme.com"], new UnblockSignInRecogniser().Steps("tom@acme.com was flagged as risky"));

    [Fact]
    public void ReturnsNoneGivenPlainUnlock() => Assert.False(new UnblockSignInRecogniser().Claims("unlock kevin@acme.com"));
}
