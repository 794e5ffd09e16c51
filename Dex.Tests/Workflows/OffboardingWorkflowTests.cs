using Dex.Core.Requests;
using Dex.Tests.Support;

namespace Dex.Tests.Workflows;

/// <summary>offboard_user through the whole request flow, on the real durable engine against the emulator.</summary>
public sealed class RequestWorkflow_Offboarding
{
    private const string Policy = """
        { "version": 1,
          "actions": {
            "offboard_user": { "onBehalf": { "roles": ["Global Administrator", "User Administrator"] },
              "approval": { "when": ["always"], "stages": [{ "name": "IT Security", "approvers": { "groups": ["IT Security"] }, "quorum": 1 }] } } } }
        """;

    [Fact]
    public async Task OffboardsAfterApprovalGivenAUserAdministrator()
    {
        await using var world = await DexWorld.StartAsync(Policy);
        var accepted = await world.SendAsync("uma@acme.com", "tom@acme.com is leaving, run the leaver process");
        var waiting = await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        var summary = Assert.Single(waiting.Steps).Summary;
        Assert.Contains("disable sign-in", summary, StringComparison.Ordinal);
        Assert.Contains("\"Sales Team\"", summary, StringComparison.Ordinal);
        Assert.True(world.Emulator.Tenant.FindUser("tom@acme.com")!.AccountEnabled);

        var token = await world.ApprovalTokenForAsync("alice@acme.com", accepted.RequestId);
        Assert.Equal(200, (await world.DecideAsync(token, ("decision", "approve"))).Status());
        await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed);

        var tom = world.Emulator.Tenant.FindUser("tom@acme.com")!;
        Assert.False(tom.AccountEnabled);
        Assert.NotNull(tom.SignInSessionsRevokedAt);
        Assert.DoesNotContain(tom.Id, world.Emulator.Tenant.FindGroup("Sales Team")!.MemberIds);
        Assert.Contains(world.Outbox.For("ben@acme.com"), n => n.RequestId == accepted.RequestId && n.Text.Contains("offboarded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeniesAndChangesNothingGivenAnEmployeeAsking()
    {
        await using var world = await DexWorld.StartAsync(Policy);
        var accepted = await world.SendAsync("sarah@acme.com", "offboard tom@acme.com");

        await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Denied);

        Assert.True(world.Emulator.Tenant.FindUser("tom@acme.com")!.AccountEnabled);
        Assert.Contains(world.Emulator.Tenant.FindUser("tom@acme.com")!.Id, world.Emulator.Tenant.FindGroup("Sales Team")!.MemberIds);
    }
}
