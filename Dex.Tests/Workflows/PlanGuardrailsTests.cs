using Dex.Core.Policy;
using Dex.Core.Requests;
using Dex.Tests.Actions;
using Dex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Dex.Tests.Actions.ActionWorld;

namespace Dex.Tests.Workflows;

/// <summary>The guardrails hold for every target of every step, against the emulated tenant through the Graph SDK.</summary>
public sealed class PlanGuardrails_Apply(ActionWorld world) : IClassFixture<ActionWorld>
{
    private async Task<PolicyDecision> DecideAsync(string requester, Core.Understanding.IntendedStep step)
    {
        var plan = await world.PlanAsync(requester, step);
        Assert.Null(plan.Problem);
        return await world.Services.GetRequiredService<PolicyEvaluator>().EvaluateAsync(plan);
    }

    [Fact]
    public async Task RequiresApprovalForWholeBulkStepGivenOnePrivilegedTarget()
    {
        var alone = await DecideAsync("helpdesk@acme.com", Step(DexActions.UnlockUser, "kevin@acme.com"));
        Assert.Equal(PolicyOutcome.Allow, alone.Outcome);

        var plan = await world.PlanAsync("helpdesk@acme.com", Step(DexActions.UnlockUser, targets: ["kevin@acme.com", "uma@acme.com"]));
        var step = Assert.Single(plan.Steps);
        Assert.True(step.TargetIsPrivileged);
        var named = Assert.Single(step.PrivilegedTargets);
        Assert.Contains("uma@acme.com", named, StringComparison.Ordinal);
        Assert.Contains("User Administrator", named, StringComparison.Ordinal);

        var bulk = await world.Services.GetRequiredService<PolicyEvaluator>().EvaluateAsync(plan);
        Assert.Equal(PolicyOutcome.ApprovalRequired, bulk.Outcome);
        Assert.Contains(bulk.Reasons, r => r.Contains("uma@acme.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefusesMfaResetGivenBulkTargetEligibleThroughPim()
    {
        var plan = await world.PlanAsync("admin@acme.com", Step(DexActions.MfaReset, targets: ["tom@acme.com", "alice@acme.com"]));
        var step = Assert.Single(plan.Steps);
        Assert.Contains(step.PrivilegedTargets, p => p.Contains("alice@acme.com", StringComparison.Ordinal) && p.Contains("eligible for Global Administrator", StringComparison.Ordinal));

        var decision = await world.Services.GetRequiredService<PolicyEvaluator>().EvaluateAsync(plan);

        Assert.Equal(PolicyOutcome.Deny, decision.Outcome);
    }

    [Fact]
    public async Task RefusesMfaResetGivenTargetOnlyEligibleThroughPim()
    {
        var decision = await DecideAsync("helpdesk@acme.com", Step(DexActions.MfaReset, "alice@acme.com"));

        Assert.Equal(PolicyOutcome.Deny, decision.Outcome);
        Assert.Contains(decision.Reasons, r => r.Contains("never reset", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefusesHelpdeskPasswordResetGivenTargetOnlyEligibleThroughPim()
    {
        var decision = await DecideAsync("helpdesk@acme.com", Step(DexActions.PasswordReset, "alice@acme.com"));

        Assert.Equal(PolicyOutcome.Deny, decision.Outcome);
        Assert.Contains(decision.Reasons, r => r.Contains("Privileged Authentication Administrator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TreatsTargetAsOrdinaryGivenNoRoleGroupOrEligibility()
    {
        var step = await world.PlanStepAsync("helpdesk@acme.com", Step(DexActions.PasswordReset, "tom@acme.com"));

        Assert.False(step.TargetIsPrivileged);
        Assert.Empty(step.PrivilegedTargets);
    }

    [Fact]
    public async Task RequiresApprovalGivenCredentialRecipientOutsideTargetRequesterAndManager()
    {
        // Global Administrators are exempt from approval for password resets, but not for sending the password to a third person.
        var plan = await world.PlanAsync("admin@acme.com", Step(DexActions.PasswordReset, "kevin@acme.com", new Dictionary<string, string> { ["sendTo"] = "sarah@acme.com" }));
        var step = Assert.Single(plan.Steps);
        Assert.Equal("sarah@acme.com", step.CredentialRecipient);
        Assert.True(step.CredentialRecipientIsOther);

        var decision = await world.Services.GetRequiredService<PolicyEvaluator>().EvaluateAsync(plan);

        Assert.Equal(PolicyOutcome.ApprovalRequired, decision.Outcome);
        Assert.Contains(decision.Reasons, r => r.Contains("sarah@acme.com", StringComparison.Ordinal));
        Assert.Equal("sarah@acme.com", Views.Of(step).CredentialRecipient);
    }

    [Fact]
    public async Task AllowsExemptAdminGivenCredentialRecipientIsTheTargetsManager()
    {
        var plan = await world.PlanAsync("admin@acme.com", Step(DexActions.PasswordReset, "kevin@acme.com", new Dictionary<string, string> { ["sendTo"] = "ben@acme.com" }));
        var step = Assert.Single(plan.Steps);
        Assert.False(step.CredentialRecipientIsOther);

        var decision = await world.Services.GetRequiredService<PolicyEvaluator>().EvaluateAsync(plan);

        Assert.Equal(PolicyOutcome.Allow, decision.Outcome);
    }

    [Fact]
    public async Task DeniesEmployeeChangingOwnDepartment()
    {
        var decision = await DecideAsync("tom@acme.com", Step(DexActions.UpdateUserProfile, "me", fields: new Dictionary<string, string> { ["department"] = "Finance" }));

        Assert.Equal(PolicyOutcome.Deny, decision.Outcome);
        Assert.Contains(decision.Reasons, r => r.Contains("admin or HR", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AllowsEmployeeChangingOwnOffice()
    {
        var decision = await DecideAsync("tom@acme.com", Step(DexActions.UpdateUserProfile, "me", fields: new Dictionary<string, string> { ["officeLocation"] = "NYC" }));

        Assert.Equal(PolicyOutcome.Allow, decision.Outcome);
    }

    [Fact]
    public async Task NotifiesUserAndManagerGivenPhoneChange()
    {
        var step = await world.PlanStepAsync("priya@acme.com", Step(DexActions.UpdateUserProfile, "me", fields: new Dictionary<string, string> { ["mobilePhone"] = "+1 415 555 0177" }));

        await world.ExecuteAsync("priya@acme.com", step, "req-phone");

        Assert.Contains(world.Outbox.For("priya@acme.com"), n => n.RequestId == "req-phone" && n.Text.Contains("phone number was changed", StringComparison.Ordinal));
        Assert.Contains(world.Outbox.For("ben@acme.com"), n => n.RequestId == "req-phone" && n.Text.Contains("Priya Shah", StringComparison.Ordinal));
    }
}

/// <summary>Membership of a role-assignable group makes a target privileged (a fixture of its own: it changes the tenant).</summary>
public sealed class PlanGuardrails_RoleAssignableGroup(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task RefusesMfaResetAndHelpdeskPasswordResetGivenMemberOfRoleAssignableGroup()
    {
        world.Tenant.AddGroupMember("Privileged Operators", "omar@acme.com");
        var evaluator = world.Services.GetRequiredService<PolicyEvaluator>();

        var mfa = await world.PlanAsync("helpdesk@acme.com", Step(DexActions.MfaReset, "omar@acme.com"));
        var password = await world.PlanAsync("helpdesk@acme.com", Step(DexActions.PasswordReset, "omar@acme.com"));

        Assert.Contains(Assert.Single(mfa.Steps).PrivilegedTargets, p => p.Contains("role-assignable group Privileged Operators", StringComparison.Ordinal));
        Assert.Equal(PolicyOutcome.Deny, (await evaluator.EvaluateAsync(mfa)).Outcome);
        Assert.Equal(PolicyOutcome.Deny, (await evaluator.EvaluateAsync(password)).Outcome);
    }
}

public sealed class ApprovalPages_Review_CredentialRecipient
{
    [Fact]
    public void NamesCredentialRecipientAndPrivilegedTargetsGivenStep()
    {
        var view = new RequestView
        {
            Id = "req-1",
            Status = RequestStatus.AwaitingApproval,
            Requester = "admin@acme.com",
            Text = "Reset kevin's password and send it to sarah@acme.com",
            Steps =
            [
                new StepView
                {
                    Action = DexActions.PasswordReset,
                    Target = new TargetView("id-k", "kevin@acme.com", "Kevin O'Brien"),
                    Summary = "Reset the password of Kevin O'Brien (kevin@acme.com)",
                    CredentialRecipient = "sarah@acme.com",
                    PrivilegedTargets = ["Kevin O'Brien (kevin@acme.com): eligible for Global Administrator through PIM"],
                },
            ],
        };

        var html = Dex.Web.Approvals.ApprovalPages.Review(view, "alice@acme.com", "IT Security", DateTimeOffset.UnixEpoch, "tok", "form", "alice@acme.com").Html();

        Assert.Contains("The generated credential goes to <strong>sarah@acme.com</strong>", html, StringComparison.Ordinal);
        Assert.Contains("eligible for Global Administrator through PIM", html, StringComparison.Ordinal);
    }
}
