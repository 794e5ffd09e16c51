using Dex.Core.Intake;
using Dex.Core.Policy;
using Dex.Core.Requests;

namespace Dex.Tests.Policy;

public sealed class ConfirmationRule_StepsToConfirm
{
    private static readonly RequesterContext Uma = new("id-uma", "uma@acme.com", "Uma", ["User Administrator"], []);
    private static readonly TargetRef Tom = new("id-tom", "tom@acme.com", "Tom");
    private static readonly TargetRef Kevin = new("id-kevin", "kevin@acme.com", "Kevin");

    private static (Plan Plan, IReadOnlyList<StepFacts> Facts) PlanOf(PlannedStep step, bool self)
        => (new Plan { Requester = Uma, Steps = [step], Hash = "h" }, [new StepFacts(step.Action, true, self)]);

    private static PlannedStep Step(string action, TargetRef? target = null, IReadOnlyList<TargetRef>? targets = null, bool readOnly = false)
        => new() { Index = 0, Action = action, Target = target, Targets = targets ?? [], Summary = $"{action} summary", IsReadOnly = readOnly };

    [Fact]
    public void AsksGivenDefaultPolicyAndWriteOnSomeoneElse()
    {
        var (plan, facts) = PlanOf(Step(DexActions.GrantAccess, Tom), self: false);

        Assert.Equal(["grant_access summary"], ConfirmationRule.StepsToConfirm(PolicyLoader.LoadDefault(), plan, facts));
    }

    [Fact]
    public void DoesNotAskGivenSelfServiceWrite()
    {
        var (plan, facts) = PlanOf(Step(DexActions.UpdateUserProfile, new TargetRef("id-uma", "uma@acme.com", "Uma")), self: true);

        Assert.Empty(ConfirmationRule.StepsToConfirm(PolicyLoader.LoadDefault(), plan, facts));
    }

    [Fact]
    public void DoesNotAskGivenReadOnlyStepAboutSomeoneElse()
    {
        var (plan, facts) = PlanOf(Step(DexActions.ViewProfile, Tom, readOnly: true), self: false);

        Assert.Empty(ConfirmationRule.StepsToConfirm(PolicyLoader.LoadDefault(), plan, facts));
    }

    [Fact]
    public void AsksGivenBulkStepEvenWhenActionConfirmsOnlyBulk()
    {
        var policy = PolicyLoader.LoadDefault() is var d ? d with { Defaults = d.Defaults with { Confirm = [ConfirmConditions.Bulk] } } : null!;
        var (plan, facts) = PlanOf(Step(DexActions.UnlockUser, targets: [Tom, Kevin]), self: false);
        var (single, singleFacts) = PlanOf(Step(DexActions.UnlockUser, Tom), self: false);

        Assert.Single(ConfirmationRule.StepsToConfirm(policy, plan, facts));
        Assert.Empty(ConfirmationRule.StepsToConfirm(policy, single, singleFacts));
    }

    [Fact]
    public void UsesTheActionsOwnSettingOverTheDefault()
    {
        var d = PolicyLoader.LoadDefault();
        var actions = d.Actions.ToDictionary(kv => kv.Key, kv => kv.Key == DexActions.GrantAccess ? kv.Value with { Confirm = [ConfirmConditions.Never] } : kv.Value);
        var (plan, facts) = PlanOf(Step(DexActions.GrantAccess, Tom), self: false);

        Assert.Empty(ConfirmationRule.StepsToConfirm(d with { Actions = actions }, plan, facts));
    }
}

public sealed class ConversationReplies_ReadConfirmation
{
    [Theory]
    [InlineData("yes")]
    [InlineData("Yes, go ahead")]
    [InlineData("go ahead")]
    [InlineData("confirm")]
    [InlineData("ok, do it")]
    [InlineData("yes please!")]
    public void ReturnsTrueGivenYes(string text) => Assert.True(ConversationReplies.ReadConfirmation(text));

    [Theory]
    [InlineData("no")]
    [InlineData("No, cancel")]
    [InlineData("cancel")]
    [InlineData("nope")]
    [InlineData("never mind")]
    [InlineData("don't")]
    public void ReturnsFalseGivenNo(string text) => Assert.False(ConversationReplies.ReadConfirmation(text));

    [Theory]
    [InlineData("who belongs to IT Support?")]
    [InlineData("yes add tom to Sales too")]
    [InlineData("nobody")]
    [InlineData("hmm")]
    public void ReturnsNullGivenNeither(string text) => Assert.Null(ConversationReplies.ReadConfirmation(text));
}
