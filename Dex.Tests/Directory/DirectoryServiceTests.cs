using Dex.Core.Directory;
using Dex.GraphEmulator;

namespace Dex.Tests.DirectoryServices;

/// <summary>Directory operations through the real Graph SDK against the emulator: success, idempotent retry, and errors.</summary>
public sealed class DirectoryService_Operations : IAsyncLifetime
{
    private GraphEmulatorServer _emulator = null!;
    private DirectoryService _directory = null!;

    public async Task InitializeAsync()
    {
        _emulator = await GraphEmulatorServer.StartAsync();
        _directory = new DirectoryService(GraphClientBuilder.CreateForEmulator(_emulator.BaseUrl));
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task ReturnsEachOutcomeGivenMixedBulkUnlock()
    {
        var items = await _directory.EnableAccountsAsync(["kevin@acme.com", "priya@acme.com", "tom@acme.com", "ghost@acme.com"]);

        Assert.Equal(
            [ItemStatus.Enabled, ItemStatus.Enabled, ItemStatus.AlreadyEnabled, ItemStatus.NotFound],
            items.Select(i => i.Status));
        Assert.True(_emulator.Tenant.FindUser("kevin@acme.com")!.AccountEnabled);
        Assert.True(_emulator.Tenant.FindUser("priya@acme.com")!.AccountEnabled);
    }

    [Fact]
    public async Task ChangesNothingGivenBulkUnlockRetriedAfterSuccess()
    {
        await _directory.EnableAccountsAsync(["kevin@acme.com", "omar@acme.com"]);

        var again = await _directory.EnableAccountsAsync(["kevin@acme.com", "omar@acme.com"]);

        Assert.All(again, i => Assert.Equal(ItemStatus.AlreadyEnabled, i.Status));
    }

    [Fact]
    public async Task FindsUserGivenQuoteInName()
    {
        var found = await _directory.SearchUsersAsync(new Dictionary<string, string> { ["displayName"] = "Kevin O'Brien" });

        Assert.Equal("kevin@acme.com", Assert.Single(found).UserPrincipalName);
    }

    [Fact]
    public async Task ReturnsNothingGivenODataInjectionAttempt()
    {
        var found = await _directory.SearchUsersAsync(new Dictionary<string, string> { ["displayName"] = "x') or startswith(displayName,'" });

        Assert.Empty(found);
    }

    [Fact]
    public async Task ListsOnlyDisabledSalesAccountsGivenDepartment()
    {
        var locked = await _directory.ListDisabledUsersAsync("Sales");

        Assert.Equal(["kevin@acme.com", "omar@acme.com", "priya@acme.com"], locked.Select(u => u.UserPrincipalName).Order());
    }

    [Fact]
    public async Task ReportsAlreadyMemberGivenSecondAdd()
    {
        var group = (await _directory.ResolveGroupAsync("Finance-Admins")).Match!;
        var sarah = (await _directory.FindUserAsync("sarah@acme.com"))!;

        var first = await _directory.AddMemberAsync(group.Id, group.DisplayName, sarah.Id);
        var second = await _directory.AddMemberAsync(group.Id, group.DisplayName, sarah.Id);

        Assert.True(first.Changed);
        Assert.False(second.Changed);
        Assert.Contains("already a member", second.Message, StringComparison.Ordinal);
        Assert.True(await _directory.IsMemberAsync(sarah.Id, group.Id));
    }

    [Fact]
    public async Task ReportsNotMemberGivenSecondRemove()
    {
        var group = (await _directory.ResolveGroupAsync("Finance-M365")).Match!;
        var sarah = (await _directory.FindUserAsync("sarah@acme.com"))!;

        var first = await _directory.RemoveMemberAsync(group.Id, group.DisplayName, sarah.Id);
        var second = await _directory.RemoveMemberAsync(group.Id, group.DisplayName, sarah.Id);

        Assert.True(first.Changed);
        Assert.False(second.Changed);
        Assert.False(await _directory.IsMemberAsync(sarah.Id, group.Id));
    }

    [Fact]
    public async Task CreatesOneUserGivenCreateRetried()
    {
        var fields = new Dictionary<string, string> { ["jobTitle"] = "Software Engineer", ["department"] = "R&D", ["usageLocation"] = "IL" };

        var (first, created1) = await _directory.CreateUserAsync("noa.levi@acme.com", "Noa Levi", fields, "Str0ng!Passw0rd#1");
        var (second, created2) = await _directory.CreateUserAsync("noa.levi@acme.com", "Noa Levi", fields, "Str0ng!Passw0rd#2");

        Assert.True(created1);
        Assert.False(created2);
        Assert.Equal(first.Id, second.Id);
        Assert.Single(_emulator.Tenant.Users, u => u.UserPrincipalName == "noa.levi@acme.com");
        Assert.Equal("R&D", _emulator.Tenant.FindUser("noa.levi@acme.com")!.Department);
    }

    [Fact]
    public async Task SetsManagerGivenNewUser()
    {
        var (noa, _) = await _directory.CreateUserAsync("noa.levi@acme.com", "Noa Levi", new Dictionary<string, string>(), "Str0ng!Passw0rd#1");
        var david = (await _directory.FindUserAsync("david@acme.com"))!;

        await _directory.SetManagerAsync(noa.Id, david.Id);

        Assert.Equal(david.Id, _emulator.Tenant.FindUser("noa.levi@acme.com")!.ManagerId);
        Assert.Equal("david@acme.com", (await _directory.GetManagerAsync(noa.Id))!.UserPrincipalName);
    }

    [Fact]
    public async Task RemovesEveryMethodButPasswordAndConvergesGivenResetRetried()
    {
        var tom = (await _directory.FindUserAsync("tom@acme.com"))!;

        var first = await _directory.ResetMfaAsync(tom.Id);
        var second = await _directory.ResetMfaAsync(tom.Id);

        Assert.Equal(3, first.RemovedMethods.Count);
        Assert.Empty(second.RemovedMethods);
        Assert.Equal(["password"], _emulator.Tenant.FindUser("tom@acme.com")!.AuthenticationMethods);
    }

    [Fact]
    public async Task DismissesRiskAndReenablesGivenRiskyDisabledUser()
    {
        var omar = (await _directory.FindUserAsync("omar@acme.com"))!;

        var result = await _directory.UnblockSignInAsync(omar.Id);

        Assert.Equal("atRisk", result.RiskStateBefore);
        Assert.True(result.Reenabled);
        var after = _emulator.Tenant.FindUser("omar@acme.com")!;
        Assert.True(after.AccountEnabled);
        Assert.NotEqual("atRisk", after.RiskState);
    }

    [Fact]
    public async Task StoresPhotoGivenPngBytes()
    {
        var sarah = (await _directory.FindUserAsync("sarah@acme.com"))!;
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

        await _directory.SetPhotoAsync(sarah.Id, png, "image/png");

        Assert.Equal(png.Length, _emulator.Tenant.FindUser("sarah@acme.com")!.PhotoBytes);
    }

    [Fact]
    public async Task ReturnsCandidatesGivenAmbiguousName()
    {
        var lookup = await _directory.ResolveUserAsync("John Smith", "helpdesk@acme.com");

        Assert.True(lookup.Ambiguous);
        Assert.Equal(["john.smith@acme.com", "jsmith@acme.com"], lookup.Candidates.Select(c => c.UserPrincipalName).Order());
    }

    [Fact]
    public async Task ReportsAlreadyAssignedGivenSecondAppGrant()
    {
        var app = (await _directory.ResolveAppAsync("Salesforce")).Match!;
        var sarah = (await _directory.FindUserAsync("sarah@acme.com"))!;

        var first = await _directory.AssignAppAsync(sarah.Id, app.Id, app.DisplayName);
        var second = await _directory.AssignAppAsync(sarah.Id, app.Id, app.DisplayName);

        Assert.True(first.Changed);
        Assert.False(second.Changed);
        var assignments = await _directory.Graph.Users[sarah.Id].AppRoleAssignments.GetAsync();
        Assert.Single(assignments!.Value!, a => a.ResourceId.ToString() == app.Id);
    }

    [Fact]
    public async Task ReturnsNullGivenMissingUser()
        => Assert.Null(await _directory.FindUserAsync("nobody@acme.com"));

    [Fact]
    public async Task ReadsPatchOnSecondGetGivenUpdate()
    {
        var sarah = (await _directory.FindUserAsync("sarah@acme.com"))!;

        await _directory.UpdateUserAsync(sarah.Id, new Dictionary<string, string> { ["jobTitle"] = "Senior Analyst" });

        Assert.Equal("Senior Analyst", (await _directory.FindUserAsync("sarah@acme.com"))!.JobTitle);
    }

    [Fact]
    public async Task ThrowsReadableErrorGivenUpdateOfMissingUser()
    {
        var e = await Assert.ThrowsAsync<DirectoryException>(() => _directory.UpdateUserAsync("00000000-0000-0000-0000-000000000000", new Dictionary<string, string> { ["jobTitle"] = "x" }));

        Assert.Equal(404, e.StatusCode);
        Assert.StartsWith("Microsoft Graph refused updating the user", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListsActiveRolesWithMembersGivenSampleTenant()
        => Assert.Equal(["helpdesk@acme.com"], (await _directory.GetRoleMembersAsync("Helpdesk Administrator")).Select(u => u.UserPrincipalName));
}

/// <summary>Bulk unlock under Graph throttling: per-item 429s are retried after their Retry-After, nothing is lost or done twice.</summary>
public sealed class DirectoryService_EnableAccounts_Throttled
{
    [Fact]
    public async Task EnablesEveryAccountOnceGivenThrottlingOn()
    {
        await using var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions { Throttling = true, ResourceUnitLimit = 30, ThrottleWindow = TimeSpan.FromSeconds(1) });
        var directory = new DirectoryService(GraphClientBuilder.CreateForEmulator(emulator.BaseUrl));
        var targets = new[] { "kevin@acme.com", "priya@acme.com", "omar@acme.com", "eve@acme.com" };
        var all = targets.Concat(emulator.Tenant.Users.Where(u => u.AccountEnabled).Select(u => u.UserPrincipalName)).ToList();

        var items = await directory.EnableAccountsAsync(all, new GraphBatcher(directory.Graph) { MaxAttempts = 50 });

        Assert.Equal(all.Count, items.Count);
        Assert.Equal(targets.Order(), items.Where(i => i.Status == ItemStatus.Enabled).Select(i => i.Target).Order());
        Assert.All(items.Where(i => !targets.Contains(i.Target)), i => Assert.Equal(ItemStatus.AlreadyEnabled, i.Status));
        Assert.All(emulator.Tenant.Users, u => Assert.True(u.AccountEnabled));
    }
}

/// <summary>
/// Bulk unlock of many targets reads state with one filtered list of disabled accounts, then per-target GETs only for the
/// targets the list does not show; every outcome stays right and each account is PATCHed once.
/// </summary>
public sealed class DirectoryService_EnableAccounts_ManyTargets
{
    [Fact]
    public async Task ReturnsEachOutcomeWithFewReadsGivenManyTargets()
    {
        await using var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions { Generate = "users=300,groups=5,seed=3" });
        var directory = new DirectoryService(GraphClientBuilder.CreateForEmulator(emulator.BaseUrl));
        var enabledUsers = emulator.Tenant.Users.Where(u => u.AccountEnabled).ToList();
        var disabled = enabledUsers.Take(50).ToList();
        foreach (var u in disabled)
        {
            emulator.Tenant.SetAccountEnabled(u.Id, false);
        }

        var already = enabledUsers.Skip(50).Take(5).Select(u => u.UserPrincipalName).ToList();
        var byId = disabled.Take(25).Select(u => u.Id).ToList();
        var byUpn = disabled.Skip(25).Select(u => u.UserPrincipalName.ToUpperInvariant()).ToList();
        var sameUserByUpn = disabled[0].UserPrincipalName;
        List<string> targets = [.. byId, .. byUpn, .. already, "ghost@acme.com", sameUserByUpn];

        var items = await directory.EnableAccountsAsync(targets);

        Assert.Equal(targets.Count, items.Count);
        Assert.Equal(51, items.Count(i => i.Status == ItemStatus.Enabled));
        Assert.Equal(5, items.Count(i => i.Status == ItemStatus.AlreadyEnabled));
        Assert.Equal(ItemStatus.NotFound, items[^2].Status);
        Assert.All(disabled, u => Assert.True(emulator.Tenant.FindUser(u.Id)!.AccountEnabled));
        Assert.Equal(1, emulator.Stats.Count("GET /users"));
        Assert.Equal(6, emulator.Stats.Count("GET /users/{id}"));
        Assert.Equal(50, emulator.Stats.Count("PATCH /users/{id}"));
    }
}
