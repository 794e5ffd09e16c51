using Dex.Core.Actions.PasswordReset;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.PasswordReset;

public sealed class PasswordResetRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsPasswordResetWithRecipientGivenSendTo() => Assert.Equal(["password_reset > tom@acme.com | sendTo=priya@acme.com"], new PasswordResetRecogniser().Steps("reset the password of tom@acme.com and send it to priya@acme.com"));

    [Fact]
    public void ReturnsBothResetsInWrittenOrderGivenMfaAndPassword() => Assert.Equal(["mfa_reset > tom@acme.com", "password_reset > tom@acme.com"], new PasswordResetRecogniser().Steps("reset MFA and password for tom@acme.com"));

    [Fact]
    public void ReturnsNoneGivenPasswordPolicy() => Assert.False(new PasswordResetRecogniser().Claims("set the password policy of tom@acme.com to DisablePasswordExpiration"));
}
