using Dex.Core.Requests;
using static Dex.Tests.Actions.ActionWorld;

namespace Dex.Tests.Actions;

public sealed class GrantAccessAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task AddsMemberOnceGivenRetry()
    {
        var step = await world.PlanStepAsync("uma@acme.com", Step(DexActions.GrantAccess, "sarah@acme.com", new Dictionary<string, string> { ["group"] = "Finance-Admins" }));
        Assert.Equal(GroupKind.Security, step.Group!.Kind);
        Assert.Equal("Sarah is not currently a member.", step.Observation?.Replace(step.Target!.DisplayName, "Sarah", StringComparison.Ordinal));

        var first = await world.ExecuteAsync("uma@acme.com", step);
        var again = await world.ExecuteAsync("uma@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, first.Status);
        Assert.Equal(StepStatus.Succeeded, again.Status);
        Assert.Contains(world.Tenant.FindUser("sarah@acme.com")!.Id, world.Tenant.FindGroup("Finance-Admins")!.MemberIds);
        Assert.Contains("already", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CarriesTypedPolicyFlagsNotParametersGivenProtectedRoleAssignableGroup()
    {
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.GrantAccess, "tom@acme.com", new Dictionary<string, string> { ["group"] = "Privileged Operators" }));

        Assert.True(step.Group!.Protected);
        Assert.True(step.Group.RoleAssignable);
        Assert.Empty(step.Parameters);
        var facts = world.Action(DexActions.GrantAccess).PolicyFacts(step, await world.RequesterAsync("admin@acme.com"));
        Assert.True(facts.GroupProtected);
        Assert.True(facts.GroupRoleAssignable);
        Assert.DoesNotContain(Views.Of(step).Parameters.Keys, k => k.StartsWith("groupP", StringComparison.Ordinal) || k.StartsWith("groupR", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AssignsAppGivenEnterpriseAppName()
    {
        var step = await world.PlanStepAsync("uma@acme.com", Step(DexActions.GrantAccess, "ben@acme.com", new Dictionary<string, string> { ["app"] = "Salesforce" }));
        Assert.Equal(GroupKind.App, step.Group!.Kind);
        Assert.True(Views.Of(step).Parameters.ContainsKey("app"));

        var outcome = await world.ExecuteAsync("uma@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
    }

    [Fact]
    public void RejectsDirectoryRoleGivenRoleAsGroup()
        => Assert.Contains("directory role", world.Action(DexActions.GrantAccess).Validate(Step(DexActions.GrantAccess, "tom@acme.com", new Dictionary<string, string> { ["group"] = "Global Administrators" })), StringComparison.Ordinal);
}

public sealed class RevokeAccessAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task RemovesMemberGivenMember()
    {
        var step = await world.PlanStepAsync("uma@acme.com", Step(DexActions.RevokeAccess, "ben@acme.com", new Dictionary<string, string> { ["group"] = "Sales Team" }));
        Assert.Equal(GroupKind.M365, step.Group!.Kind);

        var outcome = await world.ExecuteAsync("uma@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        Assert.DoesNotContain(world.Tenant.FindUser("ben@acme.com")!.Id, world.Tenant.FindGroup("Sales Team")!.MemberIds);
    }

    [Fact]
    public async Task ReturnsProblemGivenUnknownGroup()
    {
        var plan = await world.PlanAsync("uma@acme.com", Step(DexActions.RevokeAccess, "ben@acme.com", new Dictionary<string, string> { ["group"] = "No Such Group" }));

        Assert.Contains("couldn't find a group called", plan.Problem, StringComparison.Ordinal);
    }
}

public sealed class CheckMembershipAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task AnswersInTheRequestersVoiceGivenSelf()
    {
        var step = await world.PlanStepAsync("maria@acme.com", Step(DexActions.CheckMembership, "me", new Dictionary<string, string> { ["group"] = "Finance-Admins" }));
        Assert.Equal("Check whether you are a member of \"Finance-Admins\"", step.Summary);

        var outcome = await world.ExecuteAsync("maria@acme.com", step);

        Assert.Equal("You are a member of \"Finance-Admins\".", outcome.Message);
    }
}

public sealed class ListGroupMembersAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task ListsMembersGivenGroup()
    {
        var step = await world.PlanStepAsync("helpdesk@acme.com", Step(DexActions.ListGroupMembers, parameters: new Dictionary<string, string> { ["group"] = "IT Support" }));

        var outcome = await world.ExecuteAsync("helpdesk@acme.com", step);

        Assert.Equal(3, outcome.Items!.Count);
        Assert.Contains(outcome.Items, i => i.Target == "uma@acme.com");
    }
}

public sealed class ListUserGroupsAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task ListsGroupsGivenTarget()
    {
        var step = await world.PlanStepAsync("helpdesk@acme.com", Step(DexActions.ListUserGroups, "sarah@acme.com"));

        var outcome = await world.ExecuteAsync("helpdesk@acme.com", step);

        Assert.Equal(["Finance-M365"], outcome.Items!.Select(i => i.Target));
    }
}

public sealed class SearchUsersAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task FindsByDepartmentAndShowsCriteriaAsQueryGivenDepartment()
    {
        var step = await world.PlanStepAsync("helpdesk@acme.com", Step(DexActions.SearchUsers, fields: new Dictionary<string, string> { ["department"] = "Finance" }));
        Assert.True(Views.Of(step).Parameters.ContainsKey("query"));

        var outcome = await world.ExecuteAsync("helpdesk@acme.com", step);

        Assert.Equal(["maria@acme.com", "sarah@acme.com"], outcome.Items!.Select(i => i.Target).Order(StringComparer.Ordinal));
    }
}

public sealed class ListLockedUsersAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task ListsDisabledAccountsGivenDepartment()
    {
        var step = await world.PlanStepAsync("helpdesk@acme.com", Step(DexActions.ListLockedUsers, parameters: new Dictionary<string, string> { ["department"] = "Marketing" }));
        Assert.Equal("List disabled accounts in Marketing", step.Summary);

        var outcome = await world.ExecuteAsync("helpdesk@acme.com", step);

        Assert.Equal(["eve@acme.com"], outcome.Items!.Select(i => i.Target));
    }
}

public sealed class DiscoverAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task SummarisesTheTenantGivenAdmin()
    {
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.Discover));

        var outcome = await world.ExecuteAsync("admin@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Message));
    }
}
