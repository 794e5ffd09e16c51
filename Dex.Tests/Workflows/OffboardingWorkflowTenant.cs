using Dex.Core.Requests;
using Dex.GraphEmulator;
using Dex.Tests.Support;

namespace Dex.Tests.Workflows;

/// <summary>
/// A leaver in 25 groups (two $batch calls), one dynamic group, an app role, a direct licence and a manager, next to a
/// colleague in the same groups and app who must be left exactly as they were.
/// </summary>
public static class OffboardingWorkflowTenant
{
    public const int Groups = 25;
    public const string RemoveMemberRoute = "DELETE /groups/{id}/members/{memberId}/$ref";

    public const string OffboardPolicy = """
        { "version": 1,
          "actions": {
            "offboard_user": { "onBehalf": { "roles": ["User Administrator"] },
              "approval": { "when": ["always"], "stages": [{ "name": "IT Security", "approvers": { "groups": ["IT Security"] }, "quorum": 1 }] } },
            "cancel_deletion": { "onBehalf": { "roles": ["User Administrator"] } },
            "grant_access": { "selfService": true,
              "approval": { "when": ["always"], "stages": [{ "name": "IT Security", "approvers": { "groups": ["IT Security"] }, "quorum": 1 }] } } } }
        """;

    public static string Json()
    {
        var teams = string.Join(",\n", Enumerable.Range(1, Groups).Select(i => $$"""{ "displayName": "Team {{i:D2}}", "kind": "security", "members": ["tom@acme.com", "sarah@acme.com"] }"""));
        return $$"""
            { "domain": "acme.com",
              "users": [
                { "userPrincipalName": "admin@acme.com", "displayName": "Ada Admin", "usageLocation": "US" },
                { "userPrincipalName": "uma@acme.com", "displayName": "Uma User-Admin", "usageLocation": "US" },
                { "userPrincipalName": "alice@acme.com", "displayName": "Alice Security", "usageLocation": "US" },
                { "userPrincipalName": "sarah@acme.com", "displayName": "Sarah Colleague", "department": "Sales", "usageLocation": "US", "assignedLicenses": ["SPE_E5"] },
                { "userPrincipalName": "ben@acme.com", "displayName": "Ben Carter", "usageLocation": "US" },
                { "userPrincipalName": "tom@acme.com", "displayName": "Tom Baker", "department": "Sales", "usageLocation": "US", "manager": "ben@acme.com", "assignedLicenses": ["SPE_E5"] } ],
              "groups": [
            {{teams}},
                { "displayName": "VPN Users", "kind": "security", "members": ["ben@acme.com"] },
                { "displayName": "All Sales", "kind": "security", "membershipRule": "user.department -eq \"Sales\"", "members": ["tom@acme.com", "sarah@acme.com"] },
                { "displayName": "IT Security", "kind": "security", "members": ["alice@acme.com"] } ],
              "directoryRoles": [
                { "displayName": "Global Administrator", "members": ["admin@acme.com"] },
                { "displayName": "User Administrator", "members": ["uma@acme.com"] } ],
              "servicePrincipals": [{ "displayName": "Salesforce", "appRoles": ["User"], "assignments": ["tom@acme.com:User", "sarah@acme.com:User"] }],
              "subscribedSkus": [{ "skuPartNumber": "SPE_E5", "enabled": 10, "consumed": 2 }] }
            """;
    }

    public static string Write()
    {
        var dir = Directory.CreateTempSubdirectory("dex-offboarding-").FullName;
        var path = Path.Combine(dir, "tenant.json");
        File.WriteAllText(path, Json());
        return path;
    }

    /// <summary>Every group's members except the leaver's, to compare before and after.</summary>
    public static Dictionary<string, string[]> OthersByGroup(GraphEmulatorServer emulator, string leaverId)
        => emulator.Tenant.Groups.ToDictionary(g => g.DisplayName, g => g.MemberIds.Where(m => m != leaverId).Order(StringComparer.Ordinal).ToArray());

    /// <summary>Sends the offboarding as Uma, has Alice approve it, waits for the end.</summary>
    public static async Task<RequestView> OffboardAsync(DexWorld world, string text = "offboard tom@acme.com", TimeSpan? timeout = null, Action? afterApproval = null)
    {
        var accepted = await world.SendAsync("uma@acme.com", text);
        await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval, timeout);
        var token = await world.ApprovalTokenForAsync("alice@acme.com", accepted.RequestId);
        Assert.Equal(200, (await world.DecideAsync(token, ("decision", "approve"))).Status());
        afterApproval?.Invoke();
        return await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed, timeout ?? TimeSpan.FromMinutes(3));
    }
}
