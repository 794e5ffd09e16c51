using System.Net;
using Dex.GraphEmulator;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Dex.Tests.GraphEmulator;

/// <summary>Read-only user queries through the real SDK against one shared emulator.</summary>
public sealed class UsersReadTests(EmulatorFixture emu) : IClassFixture<EmulatorFixture>
{
    private GraphServiceClient Client => emu.Client;

    [Fact]
    public async Task Missing_bearer_token_is_401_InvalidAuthenticationToken()
    {
        using var http = emu.CreateHttpClient(token: null);
        using var res = await http.GetAsync(new Uri("v1.0/users", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
        Assert.Equal("application/json", res.Content.Headers.ContentType?.MediaType);
        Assert.Contains("InvalidAuthenticationToken", await res.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var anonymous = new GraphServiceClient(GraphClientFactory.Create(GraphClientFactory.CreateDefaultHandlers(), finalHandler: new SocketsHttpHandler()),
            new AnonymousAuthenticationProvider(), emu.Server.BaseUrl);
        var ex = await Assert.ThrowsAsync<ODataError>(() => anonymous.Users.GetAsync());
        Assert.Equal(401, ex.ResponseStatusCode);
        Assert.Equal("InvalidAuthenticationToken", ex.Error?.Code);
    }

    [Fact]
    public async Task Sdk_sends_the_bearer_token()
    {
        var page = await Client.Users.GetAsync();
        Assert.NotNull(page?.Value);
        Assert.True(page.Value.Count >= 16);
    }

    [Theory]
    [InlineData("userPrincipalName eq 'tom@acme.com'", "tom@acme.com")]
    [InlineData("mail eq 'SARAH@acme.com'", "sarah@acme.com")]
    [InlineData("displayName eq 'Kevin O''Brien'", "kevin@acme.com")]
    [InlineData("department eq 'Finance' and startswith(displayName,'Sar')", "sarah@acme.com")]
    [InlineData("accountEnabled eq false and department eq 'Marketing'", "eve@acme.com")]
    public async Task Filter_finds_one_user(string filter, string expectedUpn)
    {
        var page = await Client.Users.GetAsync(rc => rc.QueryParameters.Filter = filter);
        var u = Assert.Single(page!.Value!);
        Assert.Equal(expectedUpn, u.UserPrincipalName);
    }

    [Fact]
    public async Task Filter_with_or_and_startswith()
    {
        var page = await Client.Users.GetAsync(rc => rc.QueryParameters.Filter = "startswith(userPrincipalName,'john') or userPrincipalName eq 'jsmith@acme.com'");
        Assert.Equal(["john.smith@acme.com", "jsmith@acme.com"], page!.Value!.Select(u => u.UserPrincipalName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Filter_on_disabled_accounts()
    {
        var page = await Client.Users.GetAsync(rc =>
        {
            rc.QueryParameters.Filter = "accountEnabled eq false";
            rc.QueryParameters.Select = ["id", "userPrincipalName", "accountEnabled"];
        });
        Assert.Equal(4, page!.Value!.Count);
        Assert.All(page.Value, u => Assert.False(u.AccountEnabled));
    }

    [Fact]
    public async Task Default_property_set_leaves_out_accountEnabled_and_department()
    {
        var u = await Client.Users["tom@acme.com"].GetAsync();
        Assert.Equal("Tom Baker", u!.DisplayName);
        Assert.Equal("Account Executive", u.JobTitle);
        Assert.Null(u.AccountEnabled);
        Assert.Null(u.Department);

        var selected = await Client.Users["tom@acme.com"].GetAsync(rc => rc.QueryParameters.Select = ["id", "department", "accountEnabled", "usageLocation"]);
        Assert.Equal("Sales", selected!.Department);
        Assert.True(selected.AccountEnabled);
        Assert.Equal("US", selected.UsageLocation);
        Assert.Null(selected.DisplayName);
    }

    [Fact]
    public async Task Get_by_id_and_by_upn_agree()
    {
        var byUpn = await Client.Users["liam@acme.com"].GetAsync();
        var byId = await Client.Users[byUpn!.Id].GetAsync();
        Assert.Equal(byUpn.Id, byId!.Id);
        Assert.Equal(emu.Tenant.FindUser("liam@acme.com")!.Id, byId.Id);
    }

    [Fact]
    public async Task Unknown_user_is_404_with_graph_error_envelope_and_echoed_client_request_id()
    {
        var clientRequestId = Guid.NewGuid().ToString();
        var ex = await Assert.ThrowsAsync<ODataError>(() => Client.Users["nobody@acme.com"].GetAsync(rc => rc.Headers.Add("client-request-id", clientRequestId)));
        Assert.Equal(404, ex.ResponseStatusCode);
        Assert.Equal("Request_ResourceNotFound", ex.Error!.Code);
        Assert.Contains("nobody@acme.com", ex.Error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(ex.Error.InnerError?.RequestId));
        Assert.Equal(clientRequestId, ex.Error.InnerError?.ClientRequestId);
    }

    [Fact]
    public async Task Top_and_PageIterator_follow_absolute_nextLinks()
    {
        var first = await Client.Users.GetAsync(rc => rc.QueryParameters.Top = 5);
        Assert.Equal(5, first!.Value!.Count);
        Assert.StartsWith(emu.Server.BaseUrl + "/users?", first.OdataNextLink, StringComparison.Ordinal);

        var upns = new List<string>();
        var it = PageIterator<User, UserCollectionResponse>.CreatePageIterator(Client, first, u =>
        {
            upns.Add(u.UserPrincipalName!);
            return true;
        });
        await it.IterateAsync();
        Assert.Equal(emu.Tenant.Users.Count, upns.Count);
        Assert.Equal(upns.Count, upns.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public async Task Manager_is_a_user_directory_object()
    {
        var m = await Client.Users["sarah@acme.com"].Manager.GetAsync();
        var manager = Assert.IsType<User>(m);
        Assert.Equal("maria@acme.com", manager.UserPrincipalName);

        var ex = await Assert.ThrowsAsync<ODataError>(() => Client.Users["admin@acme.com"].Manager.GetAsync());
        Assert.Equal(404, ex.ResponseStatusCode);
    }

    [Fact]
    public async Task MemberOf_lists_groups_and_directory_roles_with_types()
    {
        var direct = await Client.Users["admin@acme.com"].MemberOf.GetAsync();
        var groups = direct!.Value!.OfType<Group>().Select(g => g.DisplayName).ToList();
        var roles = direct.Value!.OfType<DirectoryRole>().ToList();
        Assert.Contains("IT Security", groups);
        Assert.Contains("Privileged Operators", groups);
        var ga = Assert.Single(roles);
        Assert.Equal("Global Administrator", ga.DisplayName);
        Assert.Equal("62e90394-69f5-4237-9190-012177145e10", ga.RoleTemplateId);

        var transitive = await Client.Users["helpdesk@acme.com"].TransitiveMemberOf.GetAsync();
        Assert.Contains(transitive!.Value!.OfType<Group>(), g => g.DisplayName == "IT Support");
        Assert.Contains(transitive.Value!.OfType<DirectoryRole>(), r => r.RoleTemplateId == "729827e3-9c14-49f7-bb1b-9608f156bbb8");
    }

    [Fact]
    public async Task Authentication_methods_are_typed()
    {
        var methods = await Client.Users["tom@acme.com"].Authentication.Methods.GetAsync();
        var v = methods!.Value!;
        Assert.Single(v.OfType<PasswordAuthenticationMethod>());
        Assert.Single(v.OfType<MicrosoftAuthenticatorAuthenticationMethod>());
        var phone = Assert.Single(v.OfType<PhoneAuthenticationMethod>());
        Assert.Equal(AuthenticationPhoneType.Mobile, phone.PhoneType);
        Assert.Equal("3179e48a-750b-4051-897c-87b9720928f7", phone.Id);
        Assert.Single(v.OfType<SoftwareOathAuthenticationMethod>());

        var pw = await Client.Users["tom@acme.com"].Authentication.PasswordMethods.GetAsync();
        Assert.Equal("28c10230-6103-485e-b985-444c60001490", Assert.Single(pw!.Value!).Id);
        var phones = await Client.Users["tom@acme.com"].Authentication.PhoneMethods.GetAsync();
        Assert.Single(phones!.Value!);
        var fido = await Client.Users["admin@acme.com"].Authentication.Fido2Methods.GetAsync();
        Assert.Single(fido!.Value!);
    }

    [Fact]
    public async Task Groups_filter_get_members_owners()
    {
        var page = await Client.Groups.GetAsync(rc => rc.QueryParameters.Filter = "displayName eq 'Finance-Admins'");
        var g = Assert.Single(page!.Value!);
        Assert.True(g.SecurityEnabled);
        Assert.Empty(g.GroupTypes!);

        var same = await Client.Groups[g.Id].GetAsync();
        Assert.Equal("Finance-Admins", same!.DisplayName);

        var m365 = (await Client.Groups.GetAsync(rc => rc.QueryParameters.Filter = "displayName eq 'Sales Team'"))!.Value!.Single();
        Assert.Contains("Unified", m365.GroupTypes!);
        var members = await Client.Groups[m365.Id].Members.GetAsync();
        Assert.Equal(6, members!.Value!.OfType<User>().Count());
        var owners = await Client.Groups[m365.Id].Owners.GetAsync();
        Assert.Equal("ben@acme.com", Assert.IsType<User>(Assert.Single(owners!.Value!)).UserPrincipalName);

        var missing = await Assert.ThrowsAsync<ODataError>(() => Client.Groups[Guid.NewGuid().ToString()].GetAsync());
        Assert.Equal(404, missing.ResponseStatusCode);
    }

    [Fact]
    public async Task Directory_roles_have_real_template_ids_and_members()
    {
        var roles = await Client.DirectoryRoles.GetAsync();
        var ua = roles!.Value!.Single(r => r.DisplayName == "User Administrator");
        Assert.Equal("fe930be7-5e62-47db-91af-98c3a49a38b1", ua.RoleTemplateId);
        var members = await Client.DirectoryRoles[ua.Id].Members.GetAsync();
        Assert.Equal("uma@acme.com", Assert.IsType<User>(Assert.Single(members!.Value!)).UserPrincipalName);
    }

    [Fact]
    public async Task Organization_lists_the_tenant_and_verified_domains()
    {
        var org = Assert.Single((await Client.Organization.GetAsync())!.Value!);
        Assert.Equal("Acme Corporation", org.DisplayName);
        Assert.Equal(emu.Tenant.TenantId, org.Id);
        Assert.Contains(org.VerifiedDomains!, d => d.Name == "acme.com" && d.IsDefault == true);
    }

    [Fact]
    public async Task Unknown_segment_is_400_and_wrong_method_is_405()
    {
        using var http = emu.CreateHttpClient();
        using var unknown = await http.GetAsync(new Uri("v1.0/nonsense", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using var wrong = await http.PutAsync(new Uri("v1.0/users", UriKind.Relative), new StringContent("{}"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrong.StatusCode);
        Assert.Equal("application/json", wrong.Content.Headers.ContentType?.MediaType);
    }
}
