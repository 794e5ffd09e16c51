using System.Net;
using System.Text;
using System.Text.Json;
using Dex.GraphEmulator;

namespace Dex.Tests.GraphEmulator;

/// <summary>Licences, PIM, administrative units and soft delete as the tenant file declares them.</summary>
public sealed class GraphEmulator_Governance : IAsyncLifetime
{
    private const string Tenant = """
        { "domain": "contoso.com", "countryLetterCode": "US",
          "users": [
            { "userPrincipalName": "ann@contoso.com", "displayName": "Ann", "usageLocation": "US", "assignedLicenses": ["ENTERPRISEPACK"], "lastSignInDateTime": "2026-01-01T00:00:00Z" },
            { "userPrincipalName": "bob@contoso.com", "displayName": "Bob", "usageLocation": "CN", "lastSignInDateTime": "2026-11-01T00:00:00Z" },
            { "userPrincipalName": "cy@contoso.com", "displayName": "Cy" },
            { "userPrincipalName": "dee@contoso.com", "displayName": "Dee", "usageLocation": "US", "assignedLicenses": ["EXCHANGESTANDARD"] },
            { "userPrincipalName": "vip@contoso.com", "displayName": "Vip", "usageLocation": "US" },
            { "userPrincipalName": "fay@contoso.com", "displayName": "Fay", "usageLocation": "US" } ],
          "groups": [ { "displayName": "E3 Users", "members": ["bob@contoso.com", "dee@contoso.com"], "assignedLicenses": ["ENTERPRISEPACK"] },
                      { "displayName": "Admins", "isAssignableToRole": true, "members": ["vip@contoso.com"] } ],
          "administrativeUnits": [ { "displayName": "Executives", "isMemberManagementRestricted": true, "members": ["vip@contoso.com"] } ],
          "roleSchedules": [ { "principal": "cy@contoso.com", "role": "Global Administrator", "type": "eligible" },
                             { "principal": "Admins", "role": "User Administrator", "type": "active", "end": "2099-01-01T00:00:00Z" } ],
          "deletedUsers": [ { "userPrincipalName": "gone@contoso.com", "displayName": "Gone" } ],
          "subscribedSkus": [
            { "skuPartNumber": "ENTERPRISEPACK", "enabled": 3, "consumed": 1 },
            { "skuPartNumber": "EXCHANGESTANDARD", "enabled": 5 },
            { "skuPartNumber": "EXCHANGEENTERPRISE", "enabled": 5 },
            { "skuPartNumber": "MCOEV", "enabled": 5 },
            { "skuPartNumber": "VISIOCLIENT", "enabled": 5, "servicePlans": [ { "servicePlanName": "VISIO_CLIENT_SUBSCRIPTION", "unavailableIn": ["CN"] } ] } ] }
        """;

    private const string E3 = "6fd2c87f-b296-42f0-b197-1e91e994b900";
    private const string ExchangeEnterprise = "19ec0d23-8335-4cbd-94ac-6050e30712fa";
    private const string TeamsPhone = "e43b5b99-8dfb-405f-9987-dc307f34bcbd";
    private const string Visio = "c5928f49-12ba-48f7-ada3-0d743a3601d5";

    private EmulatorFixture _emu = null!;
    private HttpClient _http = null!;
    private string _path = "";

    public async Task InitializeAsync()
    {
        _path = Path.Combine(Path.GetTempPath(), $"dex-gov-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(_path, Tenant);
        _emu = await EmulatorFixture.StartAsync(new GraphEmulatorOptions { TenantPath = _path });
        _http = _emu.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emu.DisposeAsync();
        File.Delete(_path);
    }

    private string Id(string name) => _emu.Tenant.FindUser(name + "@contoso.com")!.Id;

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string url, string? body = null)
    {
        using var req = new HttpRequestMessage(method, new Uri("v1.0" + url, UriKind.Relative));
        if (body is not null)
        {
            req.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var res = await _http.SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        return (res.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> AssignAsync(string user, string add, string remove = "") =>
        SendAsync(HttpMethod.Post, $"/users/{Id(user)}/assignLicense",
            $$"""{"addLicenses":[{{(add.Length == 0 ? "" : $$"""{"skuId":"{{add}}","disabledPlans":[]}""")}}],"removeLicenses":[{{(remove.Length == 0 ? "" : $"\"{remove}\"")}}]}""");

    private async Task<int> ConsumedAsync(string skuId)
    {
        var (_, body) = await SendAsync(HttpMethod.Get, "/subscribedSkus");
        return body.GetProperty("value").EnumerateArray().First(s => s.GetProperty("skuId").GetString() == skuId).GetProperty("consumedUnits").GetInt32();
    }

    private static string Message(JsonElement body) => body.GetProperty("error").GetProperty("message").GetString()!;

    [Fact]
    public async Task GroupMembersInheritLicencesAndConsumedCountsEveryHolder()
    {
        // Ann direct + Bob through the group; Dee's group licence conflicts with nothing (E3 and Exchange Plan 1 differ in SKU rules).
        var (_, bob) = await SendAsync(HttpMethod.Get, $"/users/{Id("bob")}?$select=assignedLicenses,licenseAssignmentStates");
        var state = bob.GetProperty("licenseAssignmentStates")[0];
        Assert.Equal(_emu.Tenant.FindGroup("E3 Users")!.Id, state.GetProperty("assignedByGroup").GetString());
        Assert.Equal("Active", state.GetProperty("state").GetString());
        Assert.Equal(E3, bob.GetProperty("assignedLicenses")[0].GetProperty("skuId").GetString());
        Assert.Equal(3, await ConsumedAsync(E3)); // declared 1 covers Ann; Bob and Dee inherit
    }

    [Fact]
    public async Task AssignLicenseRefusesEachDocumentedError()
    {
        var (noSeats, body) = await AssignAsync("cy", E3);
        Assert.Equal(HttpStatusCode.BadRequest, noSeats);
        Assert.Contains("usage location", Message(body), StringComparison.Ordinal);

        var (full, fullBody) = await AssignAsync("fay", E3);
        Assert.Equal(HttpStatusCode.BadRequest, full);
        Assert.Contains("does not have any available licenses", Message(fullBody), StringComparison.Ordinal);

        var (exclusive, exBody) = await AssignAsync("dee", ExchangeEnterprise);
        Assert.Equal(HttpStatusCode.BadRequest, exclusive);
        Assert.Contains("mutually exclusive", Message(exBody), StringComparison.Ordinal);

        var (dependent, depBody) = await AssignAsync("fay", TeamsPhone);
        Assert.Equal(HttpStatusCode.BadRequest, dependent);
        Assert.Contains("depends on", Message(depBody), StringComparison.Ordinal);

        var (location, locBody) = await AssignAsync("bob", Visio);
        Assert.Equal(HttpStatusCode.BadRequest, location);
        Assert.Contains("not available in usage location CN", Message(locBody), StringComparison.Ordinal);

        var (inherited, inhBody) = await AssignAsync("bob", "", E3);
        Assert.Equal(HttpStatusCode.BadRequest, inherited);
        Assert.Contains("inherited from a group", Message(inhBody), StringComparison.Ordinal);
        Assert.Equal(3, await ConsumedAsync(E3));
    }

    [Fact]
    public async Task AssignAndRemoveInOneCallMovesTheCounts()
    {
        var (ok, _) = await AssignAsync("ann", Visio, E3);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(2, await ConsumedAsync(E3));
        Assert.Equal(1, await ConsumedAsync(Visio));
        var (_, details) = await SendAsync(HttpMethod.Get, $"/users/{Id("ann")}/licenseDetails");
        Assert.Equal("VISIOCLIENT", Assert.Single(details.GetProperty("value").EnumerateArray()).GetProperty("skuPartNumber").GetString());
    }

    [Fact]
    public async Task FilterOnLastSignInFindsInactiveUsers()
    {
        var (_, body) = await SendAsync(HttpMethod.Get, "/users?$filter=signInActivity/lastSignInDateTime le 2026-06-01T00:00:00Z&$select=userPrincipalName,signInActivity");
        Assert.Equal(["ann@contoso.com"], body.GetProperty("value").EnumerateArray().Select(u => u.GetProperty("userPrincipalName").GetString()));
    }

    [Fact]
    public async Task PimEligibilityActivatesIntoAnAssignmentInstance()
    {
        var cy = Id("cy");
        var (_, eligible) = await SendAsync(HttpMethod.Get, $"/roleManagement/directory/roleEligibilityScheduleInstances?$filter=principalId eq '{cy}'");
        Assert.Single(eligible.GetProperty("value").EnumerateArray());
        var (status, _) = await SendAsync(HttpMethod.Post, "/roleManagement/directory/roleAssignmentScheduleRequests",
            $$$$"""{"action":"selfActivate","principalId":"{{{{cy}}}}","roleDefinitionId":"62e90394-69f5-4237-9190-012177145e10","directoryScopeId":"/","justification":"incident","scheduleInfo":{"expiration":{"type":"AfterDuration","duration":"PT1H"}}}""");
        Assert.Equal(HttpStatusCode.Created, status);
        var (_, active) = await SendAsync(HttpMethod.Get, $"/roleManagement/directory/roleAssignmentScheduleInstances?$filter=principalId eq '{cy}'");
        var instance = Assert.Single(active.GetProperty("value").EnumerateArray());
        Assert.Equal("Activated", instance.GetProperty("assignmentType").GetString());
        Assert.Contains("Global Administrator", _emu.Tenant.RolesOf("cy@contoso.com"));

        // A group's time-bound assignment makes its members role holders transitively.
        Assert.Contains("User Administrator", _emu.Tenant.RolesOf("vip@contoso.com"));
    }

    [Fact]
    public async Task RestrictedAdministrativeUnitMembersCannotBeChangedWithTenantWidePermissions()
    {
        var (status, body) = await SendAsync(HttpMethod.Patch, $"/users/{Id("vip")}", """{"accountEnabled":false}""");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Authorization_RequestDenied", body.GetProperty("error").GetProperty("code").GetString());
        Assert.True(_emu.Tenant.FindUser("vip@contoso.com")!.AccountEnabled);
        var (_, memberOf) = await SendAsync(HttpMethod.Get, $"/users/{Id("vip")}/memberOf");
        Assert.Contains(memberOf.GetProperty("value").EnumerateArray(), o => o.GetProperty("@odata.type").GetString() == "#microsoft.graph.administrativeUnit");
    }

    [Fact]
    public async Task DeletedUsersAreListedAndRestoredWithTheirMemberships()
    {
        var bob = Id("bob");
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/users/{bob}")).Status);
        var (_, deleted) = await SendAsync(HttpMethod.Get, "/directory/deletedItems/microsoft.graph.user");
        Assert.Equal(2, deleted.GetProperty("value").GetArrayLength()); // Gone (from the file) and Bob
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/directory/deletedItems/{bob}/restore")).Status);
        Assert.Contains(bob, _emu.Tenant.FindGroup("E3 Users")!.MemberIds);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, $"/directory/deletedItems/{bob}/restore")).Status);
    }
}
