using Dex.Core.Actions.UpdateUser;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.UpdateUser;

public sealed class AccountEnabledRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsAccountEnabledFalseGivenDisable() => Assert.Equal(["update_user > tom@acme.com | accountEnabled:=false"], new AccountEnabledRecogniser().Steps("disable tom@acme.com"));

    [Fact]
    public void ReturnsNoneGivenDisableMfa() => Assert.False(new AccountEnabledRecogniser().Claims("disable MFA for tom@acme.com"));
}
