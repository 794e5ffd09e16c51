using Dex.Core.Actions.Discover;
using Dex.Core.Actions.UpdateUserProfile;
using Dex.Core.Intake;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Tests.Actions;

namespace Dex.Tests.Understanding;

public sealed class DexHelp_Recognise
{
    [Theory]
    [InlineData("what can you do?", HelpTopic.General)]
    [InlineData("help", HelpTopic.General)]
    [InlineData("Hi Dex, what can you help me with?", HelpTopic.General)]
    [InlineData("How do I reset my password?", HelpTopic.Password)]
    [InlineData("how can I get into the Finance group?", HelpTopic.Access)]
    [InlineData("how do i reset mfa on my new phone", HelpTopic.Mfa)]
    [InlineData("how to change my mobile number", HelpTopic.Profile)]
    public void ReturnsTopicGivenQuestionAboutDex(string text, HelpTopic topic) => Assert.Equal(topic, DexHelp.Recognise(text));

    [Theory]
    [InlineData("Reset my password")]
    [InlineData("who belongs to IT Support?")]
    [InlineData("how many accounts are locked in Sales?")]
    [InlineData("Can you help me reset my MFA?")]
    public void ReturnsNullGivenRequest(string text) => Assert.Null(DexHelp.Recognise(text));
}

public sealed class ConversationReplies_SplitCancel
{
    [Theory]
    [InlineData("never mind", "")]
    [InlineData("Cancel.", "")]
    [InlineData("forget it, reset MFA for tom@acme.com", "reset MFA for tom@acme.com")]
    [InlineData("nevermind and show my groups", "show my groups")]
    public void ReturnsCancelAndRemainderGivenCancellingReply(string text, string rest) => Assert.Equal((true, rest), ConversationReplies.SplitCancel(text));

    [Theory]
    [InlineData("the second one")]
    [InlineData("stop tom's access to Sales Team")]
    [InlineData("no, the one in Sales")]
    public void ReturnsNoCancelGivenOtherReply(string text) => Assert.False(ConversationReplies.SplitCancel(text).Cancel);
}

public sealed class FollowUp_Substitute
{
    private static readonly ConversationContext Sarah = new("sarah@acme.com", "req-1");

    [Theory]
    [InlineData("and also add her to Finance-M365", "and also add sarah@acme.com to Finance-M365")]
    [InlineData("reset his password too", "reset sarah@acme.com's password too")]
    [InlineData("now reset her MFA", "now reset sarah@acme.com's MFA")]
    public void ReplacesPronounWithPreviousTargetGivenContext(string text, string expected) => Assert.Equal(expected, FollowUp.Substitute(text, Sarah));

    [Fact]
    public void ReturnsNullGivenNoContext() => Assert.Null(FollowUp.Substitute("add her to Finance-M365", null));

    [Fact]
    public void ReturnsNullGivenNoPronoun() => Assert.Null(FollowUp.Substitute("add tom to Finance-M365", Sarah));
}

public sealed class ProfileMoveRecogniser_Recognise
{
    private readonly ProfileMoveRecogniser _recogniser = new();

    [Theory]
    [InlineData("move ben to the Marketing department", "update_user_profile > ben | department:=Marketing")]
    [InlineData("ben now works in Sales", "update_user_profile > ben | department:=Sales")]
    [InlineData("transfer sarah@acme.com to the Finance dept", "update_user_profile > sarah@acme.com | department:=Finance")]
    [InlineData("tom moved to the London office", "update_user_profile > tom | officeLocation:=London")]
    [InlineData("promote ben to Sales Director", "update_user_profile > ben | jobTitle:=Sales Director")]
    public void ReturnsProfileUpdateGivenMove(string text, string step) => Assert.Equal([step], _recogniser.Steps(text));

    [Theory]
    [InlineData("move tom to the Sales Team")]
    [InlineData("add ben to Marketing")]
    public void DoesNotClaimGivenGroupMove(string text) => Assert.False(_recogniser.Claims(text));
}

public sealed class DiscoveryQuestionRecogniser_Recognise
{
    private readonly DiscoveryQuestionRecogniser _recogniser = new();

    [Theory]
    [InlineData("who should approve MFA resets?")]
    [InlineData("who are the approvers?")]
    [InlineData("who approver password resets")]
    [InlineData("which roles exist in the directory?")]
    [InlineData("what admin roles do we have?")]
    public void ReturnsDiscoverGivenQuestionAboutRolesOrApprovers(string text) => Assert.Equal(["discover"], _recogniser.Steps(text));

    [Fact]
    public void DoesNotClaimGivenPasswordReset() => Assert.False(_recogniser.Claims("reset the password for tom@acme.com"));
}

public sealed class RuleBasedUnderstanding_ConversationPhrasing
{
    [Theory]
    [InlineData("Show me my profile, my roles and my groups", "view_profile > me")]
    [InlineData("move ben to the Marketing department", "update_user_profile > ben | department:=Marketing")]
    [InlineData("what roles exist in the directory?", "discover")]
    [InlineData("who approves password resets?", "discover")]
    public void ReturnsStepGivenPhrasing(string text, string step)
        => Assert.Equal([step], RuleBasedUnderstanding.Parse(text).Select(UnderstandingCorpus.Format));
}

public sealed class FieldValidation_TryNormalisePhone
{
    [Theory]
    [InlineData("+44 7700 900123", "+447700900123")]
    [InlineData("+1 200 555 0123", "+12005550123")] // possible but in no known range: accepted
    [InlineData("+972 50-000-0000", "+972500000000")]
    public void ReturnsE164GivenPossibleInternationalNumber(string raw, string e164)
    {
        Assert.True(Dex.Core.Directory.FieldValidation.TryNormalisePhone(raw, "US", out var normalised, out var problem), problem);
        Assert.Equal(e164, normalised);
    }

    [Theory]
    [InlineData("+1 415 55")]
    [InlineData("+44 1")]
    public void RefusesGivenImpossibleNumber(string raw)
    {
        Assert.False(Dex.Core.Directory.FieldValidation.TryNormalisePhone(raw, "US", out _, out var problem));
        Assert.NotNull(problem);
    }
}

public sealed class CreateUserTitleAfterNameRecogniser_Recognise
{
    private readonly Dex.Core.Actions.CreateUser.CreateUserTitleAfterNameRecogniser _recogniser = new();

    [Fact]
    public void ReturnsCreateUserGivenTitleAfterName()
    {
        var steps = _recogniser.Steps("Emily Stone (emily.stone@acme.com), Data Analyst in Finance, manager sarah@acme.com");

        var step = Assert.Single(steps);
        Assert.StartsWith("create_user", step, StringComparison.Ordinal);
        Assert.Contains("Data Analyst", step, StringComparison.Ordinal);
        Assert.Contains("Finance", step, StringComparison.Ordinal);
        Assert.Contains("sarah@acme.com", step, StringComparison.Ordinal);
        Assert.Contains("emily.stone@acme.com", step, StringComparison.Ordinal);
    }

    [Fact]
    public void ClaimsGivenTitleAfterNameWithoutAddress() => Assert.True(_recogniser.Claims("Emily Stone, Data Analyst in Finance, manager sarah@"));

    [Theory]
    [InlineData("Tom Jones, can you reset my password")]
    [InlineData("move ben to the Marketing department")]
    public void DoesNotClaimGivenOtherSentence(string text) => Assert.False(_recogniser.Claims(text));
}
