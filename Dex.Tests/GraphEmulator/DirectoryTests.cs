using Dex.GraphEmulator;
using Microsoft.Graph.IdentityProtection.RiskyUsers.ConfirmCompromised;
using Microsoft.Graph.IdentityProtection.RiskyUsers.Dismiss;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace Dex.Tests.GraphEmulator;

/// <summary>Groups kinds, risky users, licences, service principals, role templates.</summary>
public sealed class DirectoryTests
{
    [Fact]
    public async Task Security_and_microsoft365_groups_are_told_apart()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var unified = await emu.Client.Groups.GetAsync(rc => rc.QueryParameters.Filter = "groupTypes/any(c:c eq 'Unified')");
        Assert.Equal(["All-Engineering", "Finance-M365", "Sales Team"], unified!.Value!.Select(g => g.DisplayName!).Order(StringComparer.Ordinal));
        Assert.All(unified.Value!, g => Assert.True(g.MailEnabled));

        var security = await emu.Client.Groups.GetAsync(rc => rc.QueryParameters.Filter = "mailEnabled eq false and securityEnabled eq true");
        Assert.Equal(4, security!.Value!.Count);
        var assignable = await emu.Client.Groups.GetAsync(rc => rc.QueryParameters.Filter = "isAssignableToRole eq true");
        Assert.Equal("Privileged Operators", Assert.Single(assignable!.Value!).DisplayName);

        var view = emu.Tenant.FindGroup("Sales Team")!;
        Assert.True(view.IsMicrosoft365);
        Assert.False(view.IsSecurity);
    }

    [Fact]
    public async Task Create_groups_and_owners_ref()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var sec = await emu.Client.Groups.PostAsync(new Group { DisplayName = "Auditors", MailNickname = "auditors", MailEnabled = false, SecurityEnabled = true, IsAssignableToRole = true });
        Assert.Empty(sec!.GroupTypes!);
        Assert.True(sec.IsAssignableToRole);
        var m365 = await emu.Client.Groups.PostAsync(new Group { DisplayName = "Project X", MailNickname = "projx", MailEnabled = true, SecurityEnabled = false, GroupTypes = ["Unified"] });
        Assert.Equal("projx@acme.com", m365!.Mail);
        Assert.True(emu.Tenant.FindGroup("Project X")!.IsMicrosoft365);

        var distribution = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Groups.PostAsync(new Group { DisplayName = "DL", MailNickname = "dl", MailEnabled = true, SecurityEnabled = false }));
        Assert.Equal(400, distribution.ResponseStatusCode);

        var tom = emu.Tenant.FindUser("tom@acme.com")!;
        await emu.Client.Groups[sec.Id].Owners.Ref.PostAsync(new ReferenceCreate { OdataId = $"https://graph.microsoft.com/v1.0/users/{tom.Id}" });
        Assert.Equal([tom.Id], emu.Tenant.FindGroup("Auditors")!.OwnerIds);
        var dup = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Groups[sec.Id].Owners.Ref.PostAsync(new ReferenceCreate { OdataId = $"https://graph.microsoft.com/v1.0/users/{tom.Id}" }));
        Assert.Contains("'owners'", dup.Error!.Message, StringComparison.Ordinal);
        await emu.Client.Groups[sec.Id].Owners[tom.Id].Ref.DeleteAsync();
        Assert.Empty(emu.Tenant.FindGroup("Auditors")!.OwnerIds);
    }

    [Fact]
    public async Task Risky_users_dismiss_and_confirm_compromised()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var atRisk = await emu.Client.IdentityProtection.RiskyUsers.GetAsync(rc => rc.QueryParameters.Filter = "riskLevel eq microsoft.graph.riskLevel'high' and riskState eq 'atRisk'");
        var liam = Assert.Single(atRisk!.Value!);
        Assert.Equal("liam@acme.com", liam.UserPrincipalName);
        Assert.Equal(RiskLevel.High, liam.RiskLevel);

        var all = await emu.Client.IdentityProtection.RiskyUsers.GetAsync();
        Assert.Equal(2, all!.Value!.Count);

        await emu.Client.IdentityProtection.RiskyUsers.Dismiss.PostAsync(new DismissPostRequestBody { UserIds = [liam.Id!] });
        var after = await emu.Client.IdentityProtection.RiskyUsers[liam.Id].GetAsync();
        Assert.Equal(RiskState.Dismissed, after!.RiskState);
        Assert.Equal(RiskLevel.None, after.RiskLevel);
        Assert.Equal(RiskDetail.AdminDismissedAllRiskForUser, after.RiskDetail);
        Assert.Equal("dismissed", emu.Tenant.FindUser("liam@acme.com")!.RiskState);

        var tom = emu.Tenant.FindUser("tom@acme.com")!;
        await emu.Client.IdentityProtection.RiskyUsers.ConfirmCompromised.PostAsync(new ConfirmCompromisedPostRequestBody { UserIds = [tom.Id] });
        var compromised = await emu.Client.IdentityProtection.RiskyUsers[tom.Id].GetAsync();
        Assert.Equal(RiskState.ConfirmedCompromised, compromised!.RiskState);
        Assert.Equal(RiskLevel.High, compromised.RiskLevel);

        var missing = await Assert.ThrowsAsync<ODataError>(() => emu.Client.IdentityProtection.RiskyUsers[emu.Tenant.FindUser("eve@acme.com")!.Id].GetAsync());
        Assert.Equal(404, missing.ResponseStatusCode);
        var empty = await Assert.ThrowsAsync<ODataError>(() => emu.Client.IdentityProtection.RiskyUsers.Dismiss.PostAsync(new DismissPostRequestBody { UserIds = [] }));
        Assert.Equal(400, empty.ResponseStatusCode);
    }

    [Fact]
    public async Task Subscribed_skus_and_role_templates()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var skus = await emu.Client.SubscribedSkus.GetAsync();
        var e5 = skus!.Value!.Single(s => s.SkuPartNumber == "SPE_E5");
        Assert.Equal(80, e5.ConsumedUnits);
        Assert.Equal(100, e5.PrepaidUnits!.Enabled);
        Assert.Equal(Guid.Parse("06ebc4ee-1bb5-47dd-8120-11324bc54e06"), e5.SkuId);

        var templates = await emu.Client.DirectoryRoleTemplates.GetAsync();
        Assert.Contains(templates!.Value!, t => t.Id == "7be44c8a-adaf-4e2a-84d6-ab2649e08a13" && t.DisplayName == "Privileged Authentication Administrator");

        var byTemplate = await emu.Client.DirectoryRolesWithRoleTemplateId("62e90394-69f5-4237-9190-012177145e10").GetAsync();
        Assert.Equal("Global Administrator", byTemplate!.DisplayName);

        var assignments = await emu.Client.RoleManagement.Directory.RoleAssignments.GetAsync(rc =>
        {
            rc.QueryParameters.Filter = $"principalId eq '{emu.Tenant.FindUser("admin@acme.com")!.Id}'";
            rc.QueryParameters.Expand = ["principal"];
        });
        var ga = Assert.Single(assignments!.Value!);
        Assert.Equal("62e90394-69f5-4237-9190-012177145e10", ga.RoleDefinitionId);
        Assert.IsType<User>(ga.Principal);
        Assert.Equal(["Global Administrator"], emu.Tenant.RolesOf("admin@acme.com"));
    }

    [Fact]
    public async Task Add_and_remove_directory_role_member()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var roles = await emu.Client.DirectoryRoles.GetAsync(rc => rc.QueryParameters.Filter = "displayName eq 'Authentication Administrator'");
        var role = Assert.Single(roles!.Value!);
        var tom = emu.Tenant.FindUser("tom@acme.com")!;
        await emu.Client.DirectoryRoles[role.Id].Members.Ref.PostAsync(new ReferenceCreate { OdataId = $"https://graph.microsoft.com/v1.0/directoryObjects/{tom.Id}" });
        Assert.Equal(["Authentication Administrator"], emu.Tenant.RolesOf(tom.Id));
        await emu.Client.DirectoryRoles[role.Id].Members[tom.Id].Ref.DeleteAsync();
        Assert.Empty(emu.Tenant.RolesOf(tom.Id));
    }
}
