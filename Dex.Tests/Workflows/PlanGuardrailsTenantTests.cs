using Dex.Core.Policy;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;
using Dex.GraphEmulator;
using Dex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Workflows;

/// <summary>Privilege through a time-bound PIM assignment or a restricted-management administrative unit, from a tenant file.</summary>
public sealed class PlanGuardrails_TenantFile : IAsyncLifetime
{
    private const string Tenant = """
        {
          "domain": "contoso.com",
          "users": [
            { "userPrincipalName": "helpdesk@contoso.com", "displayName": "Hal Helpdesk" },
            { "userPrincipalName": "alice@contoso.com", "displayName": "Alice Approver" },
            { "userPrincipalName": "tom@contoso.com", "displayName": "Tom Ordinary" },
            { "userPrincipalName": "bob@contoso.com", "displayName": "Bob Restricted" },
            { "userPrincipalName": "carol@contoso.com", "displayName": "Carol Timebound" }
          ],
          "groups": [ { "displayName": "IT Security", "kind": "security", "members": ["alice@contoso.com"] } ],
          "directoryRoles": [ { "displayName": "Helpdesk Administrator", "members": ["helpdesk@contoso.com"] } ],
          "administrativeUnits": [ { "displayName": "Tier 0 admins", "isMemberManagementRestricted": true, "members": ["bob@contoso.com"] } ],
          "roleSchedules": [ { "principal": "carol@contoso.com", "role": "Security Administrator", "type": "active", "end": "2099-01-01T00:00:00Z" } ]
        }
        """;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dex-tenant-{Guid.NewGuid():N}.json");
    private DexWorld _world = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_path, Tenant);
        _world = await DexWorld.StartAsync(emulatorOptions: new GraphEmulatorOptions { TenantPath = _path });
    }

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        File.Delete(_path);
    }

    private async Task<(Plan Plan, PolicyDecision Decision)> PlanAsync(string action, string target)
    {
        var intent = new IntendedStep { Action = action, Target = target };
        var plan = await _world.Services.GetRequiredService<RequestPlanner>().PlanAsync("helpdesk@contoso.com", new UnderstandingResult([intent], "test"));
        return (plan, await _world.Services.GetRequiredService<PolicyEvaluator>().EvaluateAsync(plan));
    }

    [Fact]
    public async Task RefusesMfaResetGivenMemberOfRestrictedManagementUnit()
    {
        var (plan, decision) = await PlanAsync(DexActions.MfaReset, "bob@contoso.com");

        Assert.Contains("restricted-management administrative unit Tier 0 admins", Assert.Single(Assert.Single(plan.Steps).PrivilegedTargets), StringComparison.Ordinal);
        Assert.Equal(PolicyOutcome.Deny, decision.Outcome);
    }

    [Fact]
    public async Task RefusesHelpdeskPasswordResetGivenTimeBoundPimAssignment()
    {
        var (plan, decision) = await PlanAsync(DexActions.PasswordReset, "carol@contoso.com");

        Assert.Contains(Assert.Single(plan.Steps).PrivilegedTargets, p => p.Contains("Security Administrator", StringComparison.Ordinal));
        Assert.Equal(PolicyOutcome.Deny, decision.Outcome);
    }

    [Fact]
    public async Task AllowsHelpdeskPasswordResetGivenOrdinaryTarget()
    {
        var (plan, _) = await PlanAsync(DexActions.PasswordReset, "tom@contoso.com");

        Assert.False(Assert.Single(plan.Steps).TargetIsPrivileged);
    }
}
