using Dex.Core.Requests;
using Dex.Core.Workflows;
using Dex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Workflows;

/// <summary>The requester is looked up once per request: intake finds the account, planning only reads its roles and groups.</summary>
public sealed class RequestActivities_Investigate : IAsyncLifetime
{
    private DexWorld _world = null!;

    public async Task InitializeAsync() => _world = await DexWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private RequestActivities Activities => _world.Services.GetRequiredService<RequestActivities>();

    [Fact]
    public async Task UsesTheAccountIntakeFoundGivenARequesterAccount()
    {
        var helpdesk = _world.Emulator.Tenant.FindUser("helpdesk@acme.com")!;
        var understood = await Activities.Understand(new UnderstandInput("req-once", helpdesk.UserPrincipalName, "Reset MFA for tom@acme.com", false, DateTimeOffset.UtcNow));

        // A display name only intake's copy has: planning must not have fetched the account a second time.
        var account = new TargetRef(helpdesk.Id, helpdesk.UserPrincipalName, "Helpdesk (as intake saw it)");
        var plan = await Activities.Investigate(new InvestigateInput("req-once", helpdesk.UserPrincipalName, understood, new Dictionary<string, string>(), DateTimeOffset.UtcNow, RequesterAccount: account));

        Assert.Equal("Helpdesk (as intake saw it)", plan.Requester.DisplayName);
        Assert.Equal(helpdesk.Id, plan.Requester.Id);
        Assert.Contains("Helpdesk Administrator", plan.Requester.DirectoryRoles);
        Assert.Equal(DexActions.MfaReset, Assert.Single(plan.Steps).Action);
    }

    [Fact]
    public async Task LooksTheRequesterUpGivenNoAccount()
    {
        var helpdesk = _world.Emulator.Tenant.FindUser("helpdesk@acme.com")!;
        var understood = await Activities.Understand(new UnderstandInput("req-lookup", helpdesk.UserPrincipalName, "Reset MFA for tom@acme.com", false, DateTimeOffset.UtcNow));

        var plan = await Activities.Investigate(new InvestigateInput("req-lookup", helpdesk.UserPrincipalName, understood, new Dictionary<string, string>(), DateTimeOffset.UtcNow));

        Assert.Equal(helpdesk.DisplayName, plan.Requester.DisplayName);
        Assert.Contains("Helpdesk Administrator", plan.Requester.DirectoryRoles);
    }

    [Fact]
    public async Task CarriesTheRequesterAccountGivenAnAcceptedMessage()
    {
        var accepted = await _world.SendAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com");

        var instance = await _world.Client.GetInstanceAsync(accepted.RequestId, getInputsAndOutputs: true);
        var input = instance!.ReadInputAs<RequestInput>()!;

        Assert.Equal(_world.Emulator.Tenant.FindUser("helpdesk@acme.com")!.Id, input.RequesterAccount!.Id);
    }
}
