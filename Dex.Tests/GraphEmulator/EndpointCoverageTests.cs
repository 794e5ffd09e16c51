using System.Net;
using Dex.GraphEmulator;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.Authentication.Methods.Item.ResetPassword;

namespace Dex.Tests.GraphEmulator;

/// <summary>The remaining endpoints, each with a success and an error case.</summary>
public sealed class EndpointCoverageTests
{
    [Fact]
    public async Task Delete_user_removes_memberships_and_second_delete_is_404()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var sarah = emu.Tenant.FindUser("sarah@acme.com")!;
        await emu.Client.Users[sarah.Id].DeleteAsync();
        Assert.Null(emu.Tenant.FindUser(sarah.Id));
        Assert.DoesNotContain(sarah.Id, emu.Tenant.FindGroup("Finance-M365")!.MemberIds);
        var ex = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users[sarah.Id].DeleteAsync());
        Assert.Equal(404, ex.ResponseStatusCode);
    }

    [Fact]
    public async Task Direct_reports_and_manager_ref()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var reports = await emu.Client.Users["ben@acme.com"].DirectReports.GetAsync();
        Assert.Equal(5, reports!.Value!.OfType<User>().Count());
        using var http = emu.CreateHttpClient();
        using var res = await http.GetAsync(new Uri("v1.0/users/sarah@acme.com/manager/$ref", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Contains(emu.Tenant.FindUser("maria@acme.com")!.Id, await res.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var none = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users["nobody@acme.com"].DirectReports.GetAsync());
        Assert.Equal(404, none.ResponseStatusCode);
    }

    [Fact]
    public async Task Group_patch_delete_counts_and_transitive_members()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var it = emu.Tenant.FindGroup("IT Support")!.Id;
        await emu.Client.Groups[it].PatchAsync(new Group { Description = "Front line" });
        Assert.Equal("Front line", (await emu.Client.Groups[it].GetAsync())!.Description);
        var badPatch = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Groups[it].PatchAsync(new Group { DisplayName = "" }));
        Assert.Equal(400, badPatch.ResponseStatusCode);

        var members = await emu.Client.Groups[it].Members.Count.GetAsync(rc => rc.Headers.Add("ConsistencyLevel", "eventual"));
        Assert.Equal(3, members);
        var groups = await emu.Client.Groups.Count.GetAsync(rc => rc.Headers.Add("ConsistencyLevel", "eventual"));
        Assert.Equal(7, groups);

        // Nest IT Support inside IT Security, then list transitive members.
        var sec = emu.Tenant.FindGroup("IT Security")!.Id;
        await emu.Client.Groups[sec].Members.Ref.PostAsync(new ReferenceCreate { OdataId = $"https://graph.microsoft.com/v1.0/groups/{it}" });
        var transitive = await emu.Client.Groups[sec].TransitiveMembers.GetAsync();
        Assert.Contains(transitive!.Value!.OfType<User>(), u => u.UserPrincipalName == "helpdesk@acme.com");
        Assert.Contains(transitive.Value!.OfType<Group>(), g => g.Id == it);

        await emu.Client.Groups[it].DeleteAsync();
        Assert.Null(emu.Tenant.FindGroup(it));
        var gone = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Groups[it].GetAsync());
        Assert.Equal(404, gone.ResponseStatusCode);
        var invalid = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Groups["not-a-guid"].GetAsync());
        Assert.Equal(400, invalid.ResponseStatusCode);
    }

    [Fact]
    public async Task Remove_member_by_id_query_parameter()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var group = emu.Tenant.FindGroup("IT Support")!.Id;
        var alice = emu.Tenant.FindUser("alice@acme.com")!.Id;
        await emu.Client.Groups[group].Members.Ref.DeleteAsync(rc => rc.QueryParameters.Id = $"https://graph.microsoft.com/v1.0/directoryObjects/{alice}");
        Assert.DoesNotContain(alice, emu.Tenant.FindGroup("IT Support")!.MemberIds);
        var again = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Groups[group].Members.Ref.DeleteAsync(rc => rc.QueryParameters.Id = $"https://graph.microsoft.com/v1.0/directoryObjects/{alice}"));
        Assert.Equal(404, again.ResponseStatusCode);
    }

    [Fact]
    public async Task Reset_password_action_returns_202_with_location()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var generated = await emu.Client.Users["tom@acme.com"].Authentication.Methods["28c10230-6103-485e-b985-444c60001490"].ResetPassword.PostAsync(new ResetPasswordPostRequestBody());
        Assert.False(string.IsNullOrEmpty(generated!.NewPassword));
        var weak = await Assert.ThrowsAsync<ODataError>(() =>
            emu.Client.Users["tom@acme.com"].Authentication.Methods["28c10230-6103-485e-b985-444c60001490"].ResetPassword.PostAsync(new ResetPasswordPostRequestBody { NewPassword = "weak" }));
        Assert.Equal(400, weak.ResponseStatusCode);
        var method = await emu.Client.Users["tom@acme.com"].Authentication.Methods["28c10230-6103-485e-b985-444c60001490"].GetAsync();
        Assert.IsType<PasswordAuthenticationMethod>(method);
        var noMethod = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users["tom@acme.com"].Authentication.Methods[Guid.NewGuid().ToString()].GetAsync());
        Assert.Equal(404, noMethod.ResponseStatusCode);
    }

    [Fact]
    public async Task Photo_delete_and_bad_content_type()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        using var http = emu.CreateHttpClient();
        using var put = await http.PutAsync(new Uri("v1.0/users/tom@acme.com/photo/$value", UriKind.Relative), new ByteArrayContent([0xFF, 0xD8, 1]) { Headers = { ContentType = new("image/jpeg") } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var text = await http.PutAsync(new Uri("v1.0/users/tom@acme.com/photo/$value", UriKind.Relative), new StringContent("hello"));
        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        await emu.Client.Users["tom@acme.com"].Photo.DeleteAsync();
        Assert.Equal(0, emu.Tenant.FindUser("tom@acme.com")!.PhotoBytes);
    }

    [Fact]
    public async Task Service_principal_item_and_assignment_delete()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var sp = (await emu.Client.ServicePrincipals.GetAsync())!.Value!.First(s => s.DisplayName == "GitHub Enterprise");
        var same = await emu.Client.ServicePrincipals[sp.Id].GetAsync();
        Assert.Equal(sp.AppId, same!.AppId);
        var tom = emu.Tenant.FindUser("tom@acme.com")!;
        var a = await emu.Client.ServicePrincipals[sp.Id].AppRoleAssignedTo.PostAsync(new AppRoleAssignment
        {
            PrincipalId = Guid.Parse(tom.Id), ResourceId = Guid.Parse(sp.Id!), AppRoleId = sp.AppRoles!.Single().Id,
        });
        var dup = await Assert.ThrowsAsync<ODataError>(() => emu.Client.ServicePrincipals[sp.Id].AppRoleAssignedTo.PostAsync(new AppRoleAssignment
        {
            PrincipalId = Guid.Parse(tom.Id), ResourceId = Guid.Parse(sp.Id!), AppRoleId = sp.AppRoles!.Single().Id,
        }));
        Assert.Equal(409, dup.ResponseStatusCode);
        await emu.Client.Users[tom.Id].AppRoleAssignments[a!.Id].DeleteAsync();
        Assert.Empty((await emu.Client.ServicePrincipals[sp.Id].AppRoleAssignedTo.GetAsync())!.Value!);
        var missing = await Assert.ThrowsAsync<ODataError>(() => emu.Client.ServicePrincipals[Guid.NewGuid().ToString()].GetAsync());
        Assert.Equal(404, missing.ResponseStatusCode);
    }

    [Fact]
    public async Task Organization_item_directory_object_me_and_health()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var org = await emu.Client.Organization[emu.Tenant.TenantId].GetAsync();
        Assert.Equal("Acme Corporation", org!.DisplayName);
        var obj = await emu.Client.DirectoryObjects[emu.Tenant.FindGroup("IT Support")!.Id].GetAsync();
        Assert.IsType<Group>(obj);
        var me = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Me.GetAsync());
        Assert.Equal(400, me.ResponseStatusCode);
        using var http = emu.CreateHttpClient(token: null);
        using var health = await http.GetAsync(new Uri("_emulator/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Role_members_by_template_id()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        using var http = emu.CreateHttpClient();
        var json = await http.GetStringAsync(new Uri("v1.0/directoryRoles(roleTemplateId='729827e3-9c14-49f7-bb1b-9608f156bbb8')/members", UriKind.Relative));
        Assert.Contains("helpdesk@acme.com", json, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<ODataError>(() => emu.Client.DirectoryRoles[Guid.NewGuid().ToString()].Members.GetAsync());
        Assert.Equal(404, missing.ResponseStatusCode);
    }

    [Fact]
    public async Task Protect_privileged_users_option_refuses_sensitive_changes_to_admins()
    {
        await using var emu = await EmulatorFixture.StartAsync(new GraphEmulatorOptions { ProtectPrivilegedUsers = true });
        var ex = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users["admin@acme.com"].PatchAsync(new User { MobilePhone = "+1 555 0000" }));
        Assert.Equal(403, ex.ResponseStatusCode);
        Assert.Equal("Authorization_RequestDenied", ex.Error!.Code);
        await emu.Client.Users["admin@acme.com"].PatchAsync(new User { JobTitle = "CIO" }); // not sensitive
        await emu.Client.Users["tom@acme.com"].PatchAsync(new User { MobilePhone = "+1 555 0001" }); // not an admin
        Assert.Equal("+1 555 0001", emu.Tenant.FindUser("tom@acme.com")!.MobilePhone);

        await using var open = await EmulatorFixture.StartAsync();
        await open.Client.Users["admin@acme.com"].PatchAsync(new User { MobilePhone = "+1 555 0000" }); // off by default
    }

    [Fact]
    public async Task Reset_password_operation_and_resource_unit_header()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        using var http = emu.CreateHttpClient();
        using var reset = await http.PostAsync(new Uri("v1.0/users/tom@acme.com/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword", UriKind.Relative),
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, reset.StatusCode);
        using var op = await http.GetAsync(reset.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, op.StatusCode);
        Assert.Contains("succeeded", await op.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var users = await http.GetAsync(new Uri("v1.0/users", UriKind.Relative));
        Assert.Equal("2", Assert.Single(users.Headers.GetValues("x-ms-resource-unit")));
    }
}

/// <summary>Many concurrent SDK calls against one tenant: no lost updates, no server errors.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Parallel_membership_changes_and_reads_are_consistent()
    {
        await using var emu = await EmulatorFixture.StartAsync(new GraphEmulatorOptions { Generate = "users=200,groups=5,seed=9" });
        var group = emu.Tenant.FindGroup("Finance-Admins")!.Id;
        var users = emu.Tenant.Users.Skip(16).Take(100).ToList();
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, ct) =>
        {
            await emu.Client.Groups[group].Members.Ref.PostAsync(new Microsoft.Graph.Models.ReferenceCreate { OdataId = $"https://graph.microsoft.com/v1.0/directoryObjects/{u.Id}" }, cancellationToken: ct);
            await emu.Client.Users[u.Id].PatchAsync(new User { JobTitle = "Parallel" }, cancellationToken: ct);
            _ = await emu.Client.Groups[group].Members.GetAsync(cancellationToken: ct);
        });
        Assert.Equal(101, emu.Tenant.FindGroup("Finance-Admins")!.MemberIds.Count);
        Assert.All(users, u => Assert.Equal("Parallel", emu.Tenant.FindUser(u.Id)!.JobTitle));
        Assert.DoesNotContain(emu.Server.Stats.ByRoute.Keys, k => k.Contains("unknown", StringComparison.Ordinal));
    }
}
