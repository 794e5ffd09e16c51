using Dex.Core.Policy;
using Dex.Core.Requests;
using Dex.GraphEmulator;
using Dex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Policy;

/// <summary>The shipped default policy on a tenant the project did not write: approvals reach real people, never a missing group.</summary>
public sealed class DefaultPolicy_OtherTenant : IAsyncLifetime
{
    // Contoso has none of the sample's groups: no "IT Security", no "IT Support".
    private const string Tenant = """
        { "domain": "contoso.com",
          "users": [
            { "userPrincipalName": "gadmin@contoso.com", "displayName": "Gail Admin" },
            { "userPrincipalName": "grace@contoso.com", "displayName": "Grace Eligible" },
            { "userPrincipalName": "hd@contoso.com", "displayName": "Hank Desk" },
            { "userPrincipalName": "emp@contoso.com", "displayName": "Emma Ployee", "authenticationMethods": ["password", "microsoftAuthenticator"] },
            { "userPrincipalName": "ann@contoso.com", "displayName": "Ann Owner" }
          ],
          "groups": [
            { "displayName": "Design", "kind": "m365", "members": [], "owners": ["ann@contoso.com"] },
            { "displayName": "Security Team", "kind": "security", "members": ["gadmin@contoso.com"] }
          ],
          "directoryRoles": [
            { "displayName": "Global Administrator", "members": ["gadmin@contoso.com"] },
            { "displayName": "Helpdesk Administrator", "members": ["hd@contoso.com"] }
          ],
          "roleSchedules": [{ "principal": "grace@contoso.com", "role": "Global Administrator", "type": "eligible" }] }
        """;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dex-contoso-{Guid.NewGuid():N}.json");
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

    [Fact]
    public async Task SendsMfaResetToGlobalAdministratorsActiveAndEligibleGivenTenantWithoutSampleGroups()
    {
        var accepted = await _world.SendAsync("hd@contoso.com", "Reset MFA for emp@contoso.com");

        var waiting = await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);

        Assert.Equal(["gadmin@contoso.com", "grace@contoso.com"], waiting.Decision!.Approvers);
        var token = await _world.ApprovalTokenForAsync("grace@contoso.com", accepted.RequestId);
        await _world.DecideAsync(token, ("decision", "approve"));
        await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed);
    }

    [Fact]
    public async Task EscalatesToGlobalAdministratorsAndSaysWhyGivenRequesterIsTheGroupsOnlyOwner()
    {
        var accepted = await _world.SendAsync("ann@contoso.com", "Add me to Design");

        var waiting = await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);

        Assert.Equal(["gadmin@contoso.com", "grace@contoso.com"], waiting.Decision!.Approvers);
        Assert.Contains(waiting.Decision.Reasons, r => r.Contains("escalation approvers", StringComparison.Ordinal) && r.Contains("Group owners", StringComparison.Ordinal));
        Assert.StartsWith("escalation approvers", waiting.Decision.Stages![0].Basis, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportsNoUnknownNamesGivenShippedDefaultPolicy()
    {
        var report = await _world.Services.GetRequiredService<PolicyLint>().LintAsync(PolicyLoader.LoadDefault());

        Assert.True(report.Ok, string.Join("; ", report.Unknown.Select(u => u.Name)));
        Assert.True(report.Checked > 5);
    }

    [Fact]
    public async Task ReportsSampleGroupsWithNearestNamesGivenSamplePolicyOnThisTenant()
    {
        var report = await _world.Services.GetRequiredService<PolicyLint>().LintAsync(PolicyLoader.LoadSample(), strict: true);

        Assert.False(report.Ok);
        var itSecurity = Assert.Single(report.Unknown, u => u.Name == "IT Security");
        Assert.Equal("group", itSecurity.Kind);
        Assert.Contains("Security Team", itSecurity.Nearest);
        Assert.Contains("$.protectedGroups", itSecurity.Where);
        Assert.Contains(report.Unknown, u => u.Name == "IT Support");
    }

    [Fact]
    public async Task ReportsUnknownRoleAndUserGivenMisspelledPolicy()
    {
        var policy = PolicyLoader.Parse("""
            { "version": 1, "actions": { "mfa_reset": { "selfService": true, "onBehalf": { "roles": ["Helpdesk Administrater"], "users": ["nobody@contoso.com"] } } } }
            """, "typo.json");

        var report = await _world.Services.GetRequiredService<PolicyLint>().LintAsync(policy);

        var role = Assert.Single(report.Unknown, u => u.Kind == "role");
        Assert.Equal("Helpdesk Administrator", role.Nearest[0]);
        Assert.Single(report.Unknown, u => u.Kind == "user" && u.Name == "nobody@contoso.com");
    }

    [Fact]
    public async Task ReturnsPolicyFindingsGivenSetupValidate()
    {
        var result = await _world.Web.Setup.ValidateAsync(CancellationToken.None);

        Assert.Equal(200, result.Status());
        var report = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Dex.Core.Directory.SetupReport>>(result).Value!;
        Assert.True(report.Policy!.Ok);
        Assert.True(report.Policy.Checked > 5);
    }
}
