using Dex.GraphEmulator;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.CheckMemberGroups;

namespace Dex.Tests.GraphEmulator;

/// <summary>Create user, manager $ref, checkMemberGroups, app role assignments, photo.</summary>
public sealed class UserLifecycleTests
{
    private static User NewUser(string upn, string password = "Str0ng!Passw0rd") => new()
    {
        AccountEnabled = true,
        DisplayName = "New Person",
        MailNickname = upn.Split('@')[0],
        UserPrincipalName = upn,
        PasswordProfile = new PasswordProfile { Password = password, ForceChangePasswordNextSignIn = true },
        Department = "Finance",
        JobTitle = "Analyst",
        OfficeLocation = "NYC",
        MobilePhone = "+1 212 555 0199",
        BusinessPhones = ["+1 212 555 0100"],
        UsageLocation = "US",
    };

    [Fact]
    public async Task Create_user_returns_201_and_the_user_is_queryable()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var created = await emu.Client.Users.PostAsync(NewUser("new.person@acme.com"));
        Assert.NotNull(created?.Id);
        Assert.Equal("new.person@acme.com", created.UserPrincipalName);
        Assert.Equal("Analyst", created.JobTitle);

        var view = emu.Tenant.FindUser("new.person@acme.com")!;
        Assert.Equal(created.Id, view.Id);
        Assert.Equal("Finance", view.Department);
        Assert.Equal(["+1 212 555 0100"], view.BusinessPhones);
        Assert.Contains("password", view.AuthenticationMethods);

        var found = await emu.Client.Users.GetAsync(rc => rc.QueryParameters.Filter = "userPrincipalName eq 'new.person@acme.com'");
        Assert.Single(found!.Value!);
    }

    [Fact]
    public async Task Create_user_with_taken_upn_is_400_ObjectConflict()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var ex = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users.PostAsync(NewUser("TOM@acme.com")));
        Assert.Equal(400, ex.ResponseStatusCode);
        Assert.Equal("Request_BadRequest", ex.Error!.Code);
        Assert.Equal("Another object with the same value for property userPrincipalName already exists.", ex.Error.Message);
        var detail = Assert.Single(ex.Error.Details!);
        Assert.Equal("ObjectConflict", detail.Code);
        Assert.Equal("userPrincipalName", detail.Target);
    }

    [Theory]
    [InlineData("short1!")]
    [InlineData("alllowercaseletters")]
    [InlineData("new.person2-Passw0rd")]
    public async Task Weak_password_is_400(string password)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var ex = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users.PostAsync(NewUser("new.person2@acme.com", password)));
        Assert.Equal(400, ex.ResponseStatusCode);
        Assert.Contains("password complexity", ex.Error!.Message, StringComparison.Ordinal);
        Assert.Null(emu.Tenant.FindUser("new.person2@acme.com"));
    }

    [Fact]
    public async Task Unverified_domain_and_missing_required_field_are_400()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var domain = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users.PostAsync(NewUser("someone@contoso.com")));
        Assert.Equal(400, domain.ResponseStatusCode);
        Assert.Contains("verified domain", domain.Error!.Message, StringComparison.Ordinal);

        var initialDomain = await emu.Client.Users.PostAsync(NewUser("someone@acme.onmicrosoft.com"));
        Assert.NotNull(initialDomain?.Id);

        var u = NewUser("no.nick@acme.com");
        u.MailNickname = null;
        var missing = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users.PostAsync(u));
        Assert.Equal(400, missing.ResponseStatusCode);
        Assert.Contains("mailNickname", missing.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_ignores_odata_annotations_and_rejects_unknown_properties()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        using var http = emu.CreateHttpClient();
        using var ok = await http.PatchAsync(new Uri("v1.0/users/tom@acme.com", UriKind.Relative),
            new StringContent("""{"@odata.type":"#microsoft.graph.user","@odata.etag":"W/1","department":"Sales Ops"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, ok.StatusCode);
        Assert.Equal("Sales Ops", emu.Tenant.FindUser("tom@acme.com")!.Department);

        using var bad = await http.PatchAsync(new Uri("v1.0/users/tom@acme.com", UriKind.Relative),
            new StringContent("""{"favouriteColour":"blue"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Manager_ref_put_get_delete()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var alice = emu.Tenant.FindUser("alice@acme.com")!;
        await emu.Client.Users["liam@acme.com"].Manager.Ref.PutAsync(new ReferenceUpdate { OdataId = $"https://graph.microsoft.com/v1.0/users/{alice.Id}" });
        Assert.Equal(alice.Id, emu.Tenant.FindUser("liam@acme.com")!.ManagerId);
        var m = Assert.IsType<User>(await emu.Client.Users["liam@acme.com"].Manager.GetAsync());
        Assert.Equal("alice@acme.com", m.UserPrincipalName);

        await emu.Client.Users["liam@acme.com"].Manager.Ref.DeleteAsync();
        Assert.Null(emu.Tenant.FindUser("liam@acme.com")!.ManagerId);
        var gone = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users["liam@acme.com"].Manager.Ref.DeleteAsync());
        Assert.Equal(404, gone.ResponseStatusCode);

        var unknown = await Assert.ThrowsAsync<ODataError>(() =>
            emu.Client.Users["liam@acme.com"].Manager.Ref.PutAsync(new ReferenceUpdate { OdataId = $"https://graph.microsoft.com/v1.0/users/{Guid.NewGuid()}" }));
        Assert.Equal(404, unknown.ResponseStatusCode);
    }

    [Fact]
    public async Task CheckMemberGroups_is_transitive()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var itSupport = emu.Tenant.FindGroup("IT Support")!.Id;
        var finance = emu.Tenant.FindGroup("Finance-Admins")!.Id;
        var result = await emu.Client.Users["alice@acme.com"].CheckMemberGroups.PostAsCheckMemberGroupsPostResponseAsync(
            new CheckMemberGroupsPostRequestBody { GroupIds = [itSupport, finance] });
        Assert.Equal([itSupport], result!.Value);

        var tooMany = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users["alice@acme.com"].CheckMemberGroups.PostAsCheckMemberGroupsPostResponseAsync(
            new CheckMemberGroupsPostRequestBody { GroupIds = Enumerable.Range(0, 21).Select(_ => Guid.NewGuid().ToString()).ToList() }));
        Assert.Equal(400, tooMany.ResponseStatusCode);
    }

    [Fact]
    public async Task App_role_assignments_list_and_create()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var sps = await emu.Client.ServicePrincipals.GetAsync(rc => rc.QueryParameters.Filter = "displayName eq 'Salesforce'");
        var sf = Assert.Single(sps!.Value!);
        Assert.Contains("WindowsAzureActiveDirectoryIntegratedApp", sf.Tags!);
        var userRole = sf.AppRoles!.Single(r => r.Value == "User");
        var enterprise = await emu.Client.ServicePrincipals.GetAsync(rc => rc.QueryParameters.Filter = "tags/any(t:t eq 'WindowsAzureActiveDirectoryIntegratedApp')");
        Assert.Equal(2, enterprise!.Value!.Count);

        var tom = emu.Tenant.FindUser("tom@acme.com")!;
        Assert.Empty((await emu.Client.Users[tom.Id].AppRoleAssignments.GetAsync())!.Value!);
        var created = await emu.Client.Users[tom.Id].AppRoleAssignments.PostAsync(new AppRoleAssignment
        {
            PrincipalId = Guid.Parse(tom.Id),
            ResourceId = Guid.Parse(sf.Id!),
            AppRoleId = userRole.Id,
        });
        Assert.Equal("Salesforce", created!.ResourceDisplayName);
        Assert.Equal("User", created.PrincipalType);

        var assigned = await emu.Client.ServicePrincipals[sf.Id].AppRoleAssignedTo.GetAsync();
        Assert.Contains(assigned!.Value!, a => a.PrincipalId == Guid.Parse(tom.Id));
        Assert.Single((await emu.Client.Users[tom.Id].AppRoleAssignments.GetAsync())!.Value!);

        var badRole = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users[tom.Id].AppRoleAssignments.PostAsync(new AppRoleAssignment
        {
            PrincipalId = Guid.Parse(tom.Id),
            ResourceId = Guid.Parse(sf.Id!),
            AppRoleId = Guid.NewGuid(),
        }));
        Assert.Equal(400, badRole.ResponseStatusCode);
    }

    [Fact]
    public async Task Photo_put_get_and_limits()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var noPhoto = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users["tom@acme.com"].Photo.Content.GetAsync());
        Assert.Equal(404, noPhoto.ResponseStatusCode);

        var jpeg = new byte[5000];
        jpeg[0] = 0xFF;
        jpeg[1] = 0xD8;
        using (var s = new MemoryStream(jpeg))
        {
            await emu.Client.Users["tom@acme.com"].Photo.Content.PutAsync(s, rc => rc.Headers.Add("Content-Type", "image/jpeg"));
        }

        Assert.Equal(5000, emu.Tenant.FindUser("tom@acme.com")!.PhotoBytes);
        await using var back = await emu.Client.Users["tom@acme.com"].Photo.Content.GetAsync();
        using var copy = new MemoryStream();
        await back!.CopyToAsync(copy);
        Assert.Equal(jpeg, copy.ToArray());
        var meta = await emu.Client.Users["tom@acme.com"].Photo.GetAsync();
        Assert.NotNull(meta);

        using (var png = new MemoryStream([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]))
        {
            await emu.Client.Users["sarah@acme.com"].Photo.Content.PutAsync(png, rc => rc.Headers.Add("Content-Type", "image/png"));
        }

        using var big = new MemoryStream(new byte[(4 * 1024 * 1024) + 1]);
        var tooBig = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users["tom@acme.com"].Photo.Content.PutAsync(big, rc => rc.Headers.Add("Content-Type", "image/jpeg")));
        Assert.Equal(400, tooBig.ResponseStatusCode);
        Assert.Equal(5000, emu.Tenant.FindUser("tom@acme.com")!.PhotoBytes);
    }
}
