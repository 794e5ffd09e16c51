using Dex.GraphEmulator;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace Dex.Tests.GraphEmulator;

/// <summary>Changes through the real SDK; each test gets its own emulator so state never leaks.</summary>
public sealed class UsersWriteTests
{
    [Fact]
    public async Task Patch_user_by_upn_changes_state_and_returns_204()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var result = await emu.Client.Users["kevin@acme.com"].PatchAsync(new User { AccountEnabled = true, JobTitle = "Senior Rep", OfficeLocation = "NYC" });
        Assert.Null(result); // 204
        var view = emu.Tenant.FindUser("kevin@acme.com")!;
        Assert.True(view.AccountEnabled);
        Assert.Equal("Senior Rep", view.JobTitle);
        Assert.Equal("NYC", view.OfficeLocation);
    }

    [Fact]
    public async Task Patch_with_invalid_value_changes_nothing()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var ex = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users["tom@acme.com"].PatchAsync(new User { JobTitle = "X", UsageLocation = "USA" }));
        Assert.Equal(400, ex.ResponseStatusCode);
        Assert.Equal("Request_BadRequest", ex.Error!.Code);
        Assert.Equal("Account Executive", emu.Tenant.FindUser("tom@acme.com")!.JobTitle);
    }

    [Fact]
    public async Task Add_member_ref_then_duplicate_is_400_and_remove_twice_is_404()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var group = emu.Tenant.FindGroup("Finance-Admins")!;
        var sarah = emu.Tenant.FindUser("sarah@acme.com")!;
        await emu.Client.Groups[group.Id].Members.Ref.PostAsync(new ReferenceCreate { OdataId = $"https://graph.microsoft.com/v1.0/directoryObjects/{sarah.Id}" });
        Assert.Contains(sarah.Id, emu.Tenant.FindGroup("Finance-Admins")!.MemberIds);

        var dup = await Assert.ThrowsAsync<ODataError>(() =>
            emu.Client.Groups[group.Id].Members.Ref.PostAsync(new ReferenceCreate { OdataId = $"{emu.Server.BaseUrl}/directoryObjects/{sarah.Id}" }));
        Assert.Equal(400, dup.ResponseStatusCode);
        Assert.Equal("Request_BadRequest", dup.Error!.Code);
        Assert.Equal("One or more added object references already exist for the following modified properties: 'members'.", dup.Error.Message);

        await emu.Client.Groups[group.Id].Members[sarah.Id].Ref.DeleteAsync();
        Assert.DoesNotContain(sarah.Id, emu.Tenant.FindGroup("Finance-Admins")!.MemberIds);
        var gone = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Groups[group.Id].Members[sarah.Id].Ref.DeleteAsync());
        Assert.Equal(404, gone.ResponseStatusCode);
        Assert.Equal("Request_ResourceNotFound", gone.Error!.Code);

        var missing = await Assert.ThrowsAsync<ODataError>(() =>
            emu.Client.Groups[group.Id].Members.Ref.PostAsync(new ReferenceCreate { OdataId = $"https://graph.microsoft.com/v1.0/directoryObjects/{Guid.NewGuid()}" }));
        Assert.Equal(404, missing.ResponseStatusCode);
    }

    [Fact]
    public async Task Delete_each_typed_method_and_revoke_sessions()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var tom = emu.Tenant.FindUser("tom@acme.com")!;
        var auth = emu.Client.Users[tom.Id].Authentication;
        var authenticator = Assert.Single((await auth.MicrosoftAuthenticatorMethods.GetAsync())!.Value!);
        await auth.MicrosoftAuthenticatorMethods[authenticator.Id].DeleteAsync();
        await auth.PhoneMethods["3179e48a-750b-4051-897c-87b9720928f7"].DeleteAsync();
        var oath = Assert.Single((await auth.SoftwareOathMethods.GetAsync())!.Value!);
        await auth.SoftwareOathMethods[oath.Id].DeleteAsync();
        Assert.Equal(["password"], emu.Tenant.FindUser("tom@acme.com")!.AuthenticationMethods);

        var again = await Assert.ThrowsAsync<ODataError>(() => auth.PhoneMethods["3179e48a-750b-4051-897c-87b9720928f7"].DeleteAsync());
        Assert.Equal(404, again.ResponseStatusCode);

        var admin = emu.Client.Users["admin@acme.com"].Authentication;
        var key = Assert.Single((await admin.Fido2Methods.GetAsync())!.Value!);
        await admin.Fido2Methods[key.Id].DeleteAsync();

        emu.Tenant.AddAuthenticationMethod("eve@acme.com", "email");
        emu.Tenant.AddAuthenticationMethod("eve@acme.com", "temporaryAccessPass");
        var eve = emu.Client.Users["eve@acme.com"].Authentication;
        await eve.EmailMethods[Assert.Single((await eve.EmailMethods.GetAsync())!.Value!).Id].DeleteAsync();
        await eve.TemporaryAccessPassMethods[Assert.Single((await eve.TemporaryAccessPassMethods.GetAsync())!.Value!).Id].DeleteAsync();
        Assert.Equal(["password"], emu.Tenant.FindUser("eve@acme.com")!.AuthenticationMethods);

        Assert.Null(emu.Tenant.FindUser("tom@acme.com")!.SignInSessionsRevokedAt);
        var revoked = await emu.Client.Users[tom.Id].RevokeSignInSessions.PostAsRevokeSignInSessionsPostResponseAsync();
        Assert.True(revoked!.Value);
        Assert.NotNull(emu.Tenant.FindUser("tom@acme.com")!.SignInSessionsRevokedAt);
    }

    [Fact]
    public async Task Tenant_arrange_helpers_show_up_in_graph()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        emu.Tenant.SetAccountEnabled("tom@acme.com", false);
        emu.Tenant.AddGroupMember("Finance-Admins", "tom@acme.com");
        var u = await emu.Client.Users["tom@acme.com"].GetAsync(rc => rc.QueryParameters.Select = ["accountEnabled"]);
        Assert.False(u!.AccountEnabled);
        var groups = await emu.Client.Users["tom@acme.com"].MemberOf.GetAsync();
        Assert.Contains(groups!.Value!.OfType<Group>(), g => g.DisplayName == "Finance-Admins");
        emu.Tenant.RemoveGroupMember("Finance-Admins", "tom@acme.com");
        groups = await emu.Client.Users["tom@acme.com"].MemberOf.GetAsync();
        Assert.DoesNotContain(groups!.Value!.OfType<Group>(), g => g.DisplayName == "Finance-Admins");
    }

    [Fact]
    public async Task Same_tenant_file_gives_the_same_ids()
    {
        await using var a = await EmulatorFixture.StartAsync();
        await using var b = await EmulatorFixture.StartAsync();
        Assert.Equal(a.Tenant.Users.Select(u => u.Id), b.Tenant.Users.Select(u => u.Id));
        Assert.Equal(a.Tenant.FindGroup("IT Support")!.Id, b.Tenant.FindGroup("IT Support")!.Id);
        Assert.NotEqual(a.Server.BaseUrl, b.Server.BaseUrl);
    }
}
