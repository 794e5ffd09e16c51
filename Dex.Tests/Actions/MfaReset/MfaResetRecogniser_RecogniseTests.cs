using Dex.Core.Actions.MfaReset;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.MfaReset;

public sealed class MfaResetRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsMfaResetGivenNewPhone() => Assert.Equal(["mfa_reset > me"], new MfaResetRecogniser().Steps("I got a new phone, reset my MFA"));

    [Fact]
    public void ReturnsNoneGivenMfaWithoutAResetVerb() => Assert.False(new MfaResetRecogniser().Claims("what is MFA"));

    [Fact]
    public void ReturnsNoneGivenAPasswordToo() => Assert.False(new MfaResetRecogniser().Claims("reset my password and MFA"));
}
