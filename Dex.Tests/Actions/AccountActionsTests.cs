using Dex.Core.Actions;
using Dex.Core.Requests;
using Dex.Core.Secrets;
using Dex.Core.Workflows;
using Microsoft.Extensions.DependencyInjection;
using static Dex.Tests.Actions.ActionWorld;

namespace Dex.Tests.Actions;

public sealed class CreateUserAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task CreatesUserWithManagerAndDeliversOneTimeLinkGivenVerifiedDomain()
    {
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.CreateUser, "noa.levi@acme.com",
            new Dictionary<string, string> { ["manager"] = "david@acme.com", ["sendCredentialsTo"] = "david@acme.com" },
            new Dictionary<string, string> { ["department"] = "R&D" }));
        Assert.Equal("Create the user noa.levi@acme.com", step.Summary);
        Assert.Equal("david@acme.com", step.Parameters["sendCredentialsTo"]);
        Assert.True(step.Parameters.ContainsKey("managerId"));
        Assert.False(Dex.Core.Requests.Views.Of(step).Parameters.ContainsKey("managerId"));

        var outcome = await world.ExecuteAsync("admin@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        var created = world.Tenant.FindUser("noa.levi@acme.com");
        Assert.NotNull(created);
        Assert.Equal(world.Tenant.FindUser("david@acme.com")!.Id, created.ManagerId);
        var link = Assert.Single(world.Outbox.For("david@acme.com"), n => n.Kind == "credential").Links[0].Url;
        Assert.StartsWith("http://dex.test/api/secrets/", link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReturnsProblemGivenUnverifiedDomain()
    {
        var plan = await world.PlanAsync("admin@acme.com", Step(DexActions.CreateUser, "noa@elsewhere.example"));

        Assert.Contains("not a verified domain", plan.Problem, StringComparison.Ordinal);
        Assert.Empty(plan.Steps);
    }
}

public sealed class PasswordResetAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task SendsLinkNotPasswordGivenRecipient()
    {
        var step = await world.PlanStepAsync("helpdesk@acme.com", Step(DexActions.PasswordReset, "tom@acme.com", new Dictionary<string, string> { ["sendTo"] = "ben@acme.com" }));

        var outcome = await world.ExecuteAsync("helpdesk@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        var note = Assert.Single(world.Outbox.For("ben@acme.com"), n => n.Kind == "credential");
        var token = note.Links[0].Url.Split('/')[^1];
        var secret = await world.Services.GetRequiredService<ISecretVault>().RevealOnceAsync(token);
        Assert.NotNull(secret);
        Assert.DoesNotContain(secret.Value, outcome.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret.Value, note.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExposesCredentialAdminGuardrailGivenPrivilegedTarget()
    {
        var step = await world.PlanStepAsync("helpdesk@acme.com", Step(DexActions.PasswordReset, "admin@acme.com"));
        var facts = world.Action(DexActions.PasswordReset).PolicyFacts(step, await world.RequesterAsync("helpdesk@acme.com"));

        Assert.True(facts.TargetPrivileged);
        Assert.Equal(PrivilegedTargetRule.CredentialAdminsOnly, facts.PrivilegedTarget);
    }
}

public sealed class MfaResetAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task RemovesMethodsButPasswordGivenRegisteredMethods()
    {
        var step = await world.PlanStepAsync("helpdesk@acme.com", Step(DexActions.MfaReset, "tom@acme.com"));
        Assert.StartsWith("Registered: ", step.Observation, StringComparison.Ordinal);

        var outcome = await world.ExecuteAsync("helpdesk@acme.com", step);
        var again = await world.ExecuteAsync("helpdesk@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        Assert.Equal(["password"], world.Tenant.FindUser("tom@acme.com")!.AuthenticationMethods);
        Assert.Contains("no MFA methods were registered", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribesForTheRequesterGivenSelf()
    {
        var step = await world.PlanStepAsync("ben@acme.com", Step(DexActions.MfaReset, "me"));

        Assert.StartsWith("Remove every one of your MFA methods", step.Summary, StringComparison.Ordinal);
        Assert.Equal(PrivilegedTargetRule.Never, world.Action(DexActions.MfaReset).PolicyFacts(step, await world.RequesterAsync("ben@acme.com")).PrivilegedTarget);
    }
}

public sealed class UnblockSignInAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task DismissesRiskGivenRiskyUser()
    {
        var step = await world.PlanStepAsync("helpdesk@acme.com", Step(DexActions.UnblockSignIn, "liam@acme.com"));

        var outcome = await world.ExecuteAsync("helpdesk@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        Assert.NotEqual("atRisk", world.Tenant.FindUser("liam@acme.com")!.RiskState);
    }

    [Fact]
    public async Task SupersedesUnlockOfTheSamePersonGivenBothAsked()
    {
        var plan = await world.Services.GetRequiredService<RequestPlanner>().PlanAsync(
            await world.RequesterAsync("helpdesk@acme.com"),
            new Dex.Core.Understanding.UnderstandingResult([Step(DexActions.UnblockSignIn, "omar@acme.com"), Step(DexActions.UnlockUser, "omar@acme.com")], "test"));

        Assert.Equal([DexActions.UnblockSignIn], plan.Steps.Select(s => s.Action));
    }
}

public sealed class UnlockUserAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task EnablesEveryListedAccountGivenBulkTargets()
    {
        var step = await world.PlanStepAsync("helpdesk@acme.com", Step(DexActions.UnlockUser, targets: ["kevin@acme.com", "priya@acme.com"]));
        Assert.Equal("Re-enable 2 account(s): kevin@acme.com, priya@acme.com", step.Summary);

        var outcome = await world.ExecuteAsync("helpdesk@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        Assert.True(world.Tenant.FindUser("kevin@acme.com")!.AccountEnabled);
        Assert.True(world.Tenant.FindUser("priya@acme.com")!.AccountEnabled);
    }

    [Fact]
    public async Task ReturnsProblemGivenNobodyToUnlock()
    {
        var plan = await world.PlanAsync("helpdesk@acme.com", Step(DexActions.UnlockUser));

        Assert.Contains("Say which accounts to unlock", plan.Problem, StringComparison.Ordinal);
    }
}
