using System.Text.Json;
using Dex.Core.Audit;
using Dex.Core.Grants;
using Dex.Core.Requests;
using Dex.Tests.Support;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Grants;

/// <summary>Time-bound grants end to end: the real durable engine with short policy timers, Graph SDK against the emulator.</summary>
public sealed class GrantWorkflow_TimeBoundGrants
{
    private static string Policy(string timeBound) => $$"""
        { "version": 1,
          "actions": {
            "grant_access": { "selfService": true, "onBehalf": { "roles": ["User Administrator"] },
              "approval": { "when": ["self"], "stages": [{ "name": "Group owners", "approvers": { "groupOwners": true }, "quorum": 1 }] },
              "timeBound": {{timeBound}} },
            "extend_access": { "selfService": true, "onBehalf": { "roles": ["User Administrator"] } },
            "end_access": { "selfService": true, "onBehalf": { "roles": ["User Administrator"] } },
            "list_grants": { "selfService": true, "onBehalf": { "roles": ["User Administrator"] } } } }
        """;

    private static IGrantStore Store(DexWorld world) => world.Services.GetRequiredService<IGrantStore>();

    private static async Task<GrantRecord> GrantOf(DexWorld world, string requestId)
        => await Store(world).GetAsync(GrantService.IdFor(requestId, 0)) ?? throw new Xunit.Sdk.XunitException($"No grant for {requestId}.");

    private static bool IsMember(DexWorld world, string upn, string group)
        => world.Emulator.Tenant.FindGroup(group)!.MemberIds.Contains(world.Emulator.Tenant.FindUser(upn)!.Id);

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out waiting until {what}.");
    }

    private static async Task<RequestView> Done(DexWorld world, string requester, string text, RequestStatus status = RequestStatus.Completed)
    {
        var accepted = await world.SendAsync(requester, text);
        return await world.WaitForStatusAsync(accepted.RequestId, status);
    }

    private static async Task<List<string>> EventsOf(DexWorld world, string requestId)
        => [.. (await world.Audit.QueryAsync(new AuditQuery { RequestId = requestId, Limit = 1000 })).Entries.Select(e => e.Event)];

    [Fact]
    public async Task RemindsThenRevokesGivenAShortDefaultDuration()
    {
        await using var world = await DexWorld.StartAsync(Policy("""{ "defaultDuration": "00:00:04", "reminders": ["00:00:02"] }"""));
        var view = await Done(world, "uma@acme.com", "add tom@acme.com to All-Engineering");
        var grant = await GrantOf(world, view.Id);
        Assert.Equal(GrantStatus.Active, grant.Status);
        Assert.True(IsMember(world, "tom@acme.com", "All-Engineering"));

        await Eventually(async () => (await GrantOf(world, view.Id)).Status == GrantStatus.Ended, "the grant ended");
        Assert.False(IsMember(world, "tom@acme.com", "All-Engineering"));
        Assert.Contains(world.Outbox.For("tom@acme.com"), n => n.Kind == "grant_reminder" && n.Text.Contains("All-Engineering", StringComparison.Ordinal));
        var events = await EventsOf(world, view.Id);
        Assert.True(events.IndexOf("grant_started") < events.IndexOf("grant_reminder") && events.IndexOf("grant_reminder") < events.IndexOf("grant_expired"), string.Join(",", events));

        // One orchestration per grant, its instance id the grant id.
        await Eventually(async () => (await world.Client.GetInstanceAsync(grant.Id))?.RuntimeStatus == OrchestrationRuntimeStatus.Completed, "the grant orchestration completed");
    }

    [Fact]
    public async Task ReadsTheGroupAndEndsEarlyGivenForEightHoursThenRevokeNow()
    {
        await using var world = await DexWorld.StartAsync(Policy("{}"));
        var view = await Done(world, "uma@acme.com", "add tom@acme.com to All-Engineering for 8 hours");
        var grant = await GrantOf(world, view.Id);
        Assert.Equal("All-Engineering", grant.ResourceName);
        Assert.Equal(TimeSpan.FromHours(8), grant.EndsAt - grant.GrantedAt);
        Assert.Contains("until", view.Reply, StringComparison.Ordinal);

        await Done(world, "uma@acme.com", "end tom@acme.com's temporary access to All-Engineering now");
        Assert.False(IsMember(world, "tom@acme.com", "All-Engineering"));
        Assert.Equal(GrantStatus.Ended, (await GrantOf(world, view.Id)).Status);
        await Eventually(async () => (await world.Client.GetInstanceAsync(grant.Id))?.RuntimeStatus == OrchestrationRuntimeStatus.Completed, "the grant orchestration stopped");
        Assert.Contains("grant_revoked", await EventsOf(world, view.Id));
    }

    [Fact]
    public async Task ClosesTheGrantGivenAnExplicitRemoval()
    {
        await using var world = await DexWorld.StartAsync(Policy("{}").Replace("\"list_grants\"", "\"revoke_access\": { \"onBehalf\": { \"roles\": [\"User Administrator\"] } },\n \"list_grants\"", StringComparison.Ordinal));
        var view = await Done(world, "uma@acme.com", "add tom@acme.com to All-Engineering for 8 hours");
        await Done(world, "uma@acme.com", "remove tom@acme.com from All-Engineering");
        Assert.False(IsMember(world, "tom@acme.com", "All-Engineering"));
        Assert.Equal(GrantStatus.Ended, (await GrantOf(world, view.Id)).Status);
    }

    [Fact]
    public async Task KeepsTheMembershipGivenTheUserWasAlreadyAMember()
    {
        await using var world = await DexWorld.StartAsync(Policy("""{ "defaultDuration": "00:00:02", "reminders": [] }"""));
        var view = await Done(world, "uma@acme.com", "add sarah@acme.com to Finance-M365");
        Assert.True((await GrantOf(world, view.Id)).PreExisting);

        await Eventually(async () => (await GrantOf(world, view.Id)).Status == GrantStatus.Ended, "the grant ended");
        Assert.True(IsMember(world, "sarah@acme.com", "Finance-M365"));
        Assert.Contains(world.Outbox.For("sarah@acme.com"), n => n.Kind == "grant_ended" && n.Text.Contains("had it before", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeepsAccessUntilTheLastEndsGivenTwoOverlappingGrants()
    {
        await using var world = await DexWorld.StartAsync(Policy("""{ "defaultDuration": "00:00:03", "reminders": [] }"""));
        var first = await Done(world, "uma@acme.com", "add tom@acme.com to All-Engineering");
        var second = await Done(world, "uma@acme.com", "add tom@acme.com to All-Engineering for 8 hours");
        Assert.False((await GrantOf(world, second.Id)).PreExisting); // the first grant's membership is not "pre-existing"

        await Eventually(async () => (await GrantOf(world, first.Id)).Status == GrantStatus.Ended, "the first grant ended");
        Assert.True(IsMember(world, "tom@acme.com", "All-Engineering"));

        await Done(world, "uma@acme.com", "end tom@acme.com's temporary access to All-Engineering now");
        Assert.False(IsMember(world, "tom@acme.com", "All-Engineering"));
    }

    [Fact]
    public async Task StartsTheClockAtApprovalGivenASelfRequest()
    {
        await using var world = await DexWorld.StartAsync(Policy("{}"));
        var accepted = await world.SendAsync("tom@acme.com", "add me to All-Engineering for 8 hours");
        await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        var token = await world.ApprovalTokenForAsync("david@acme.com", accepted.RequestId);
        Assert.Contains("for 8 hours", (await world.ApprovalPageAsync(token)).Html(), StringComparison.Ordinal); // the approver sees the duration
        Assert.Null(await Store(world).GetAsync(GrantService.IdFor(accepted.RequestId, 0)));

        Assert.Equal(200, (await world.DecideAsync(token, ("decision", "approve"))).Status());
        var done = await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed);
        var grant = await GrantOf(world, accepted.RequestId);
        Assert.True(grant.GrantedAt >= done.Approvals.Single().At, $"granted {grant.GrantedAt:O}, approved {done.Approvals.Single().At:O}");
        Assert.Equal(TimeSpan.FromHours(8), grant.EndsAt - grant.GrantedAt);
    }

    [Fact]
    public async Task ExtendsWithinTheCapAndRefusesBeyondItGivenMaxDuration()
    {
        await using var world = await DexWorld.StartAsync(Policy("""{ "maxDuration": "10:00:00" }"""));
        var view = await Done(world, "uma@acme.com", "add tom@acme.com to All-Engineering for 8 hours");
        var before = await GrantOf(world, view.Id);

        await Done(world, "uma@acme.com", "extend tom@acme.com's All-Engineering access by 1 hour");
        var extended = await GrantOf(world, view.Id);
        Assert.Equal(before.EndsAt + TimeSpan.FromHours(1), extended.EndsAt);
        Assert.Equal(1, extended.Extensions);
        await Eventually(async () => EndsAtOf(await world.Client.GetInstanceAsync(before.Id, getInputsAndOutputs: true)) == extended.EndsAt, "the orchestration heard of the extension");

        var refused = await Done(world, "uma@acme.com", "extend tom@acme.com's All-Engineering access by 4 hours", RequestStatus.Failed);
        Assert.Contains("at most 10 hours", refused.Reply, StringComparison.Ordinal);
        Assert.Equal(extended.EndsAt, (await GrantOf(world, view.Id)).EndsAt);
    }

    private static DateTimeOffset? EndsAtOf(OrchestrationMetadata? instance)
        => instance?.SerializedCustomStatus is { } json && JsonDocument.Parse(json).RootElement.TryGetProperty("endsAt", out var e) ? e.GetDateTimeOffset() : null;

    [Fact]
    public async Task ListsLiveGrantsWithTimeLeftGivenWhatTemporaryAccessDoIHave()
    {
        await using var world = await DexWorld.StartAsync(Policy("{}"));
        await Done(world, "uma@acme.com", "add tom@acme.com to All-Engineering for 8 hours");
        var listed = await Done(world, "tom@acme.com", "what temporary access do I have?");
        Assert.Contains("All-Engineering", listed.Reply, StringComparison.Ordinal);
        Assert.Contains("left", listed.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadsTheRequestersZoneGivenUntilFridayAndAMailboxZone()
    {
        await using var world = await DexWorld.StartAsync(Policy("{}"));
        var uma = world.Emulator.Tenant.FindUser("uma@acme.com")!.Id;
        await world.Directory.Graph.Users[uma].MailboxSettings.PatchAsync(new Microsoft.Graph.Models.MailboxSettings { TimeZone = "Asia/Tokyo" });
        var view = await Done(world, "uma@acme.com", "add tom@acme.com to All-Engineering until Friday 17:00");
        var grant = await GrantOf(world, view.Id);
        var local = TimeZoneInfo.ConvertTime(grant.EndsAt!.Value, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        Assert.Equal((DayOfWeek.Friday, 17, 0), (local.DayOfWeek, local.Hour, local.Minute));
        Assert.Equal("Asia/Tokyo", grant.TimeZone);
    }

    [Fact]
    public async Task EndsAnOrphanAndRestartsAClockGivenReconciliation()
    {
        await using var world = await DexWorld.StartAsync(Policy("{}"));
        var tom = world.Emulator.Tenant.FindUser("tom@acme.com")!;
        var eng = world.Emulator.Tenant.FindGroup("All-Engineering")!;
        var m365 = world.Emulator.Tenant.FindGroup("Finance-M365")!;
        await world.Directory.AddMemberAsync(eng.Id, eng.DisplayName, tom.Id);
        await world.Directory.AddMemberAsync(m365.Id, m365.DisplayName, tom.Id);
        var now = DateTimeOffset.UtcNow;
        GrantRecord Orphan(string id, EmulatorGroup g, DateTimeOffset ends) => new()
        {
            Id = id, RequestId = "req-" + id, Requester = "uma@acme.com", UserId = tom.Id, UserPrincipalName = tom.UserPrincipalName,
            ResourceId = g.Id, ResourceName = g.DisplayName, Status = GrantStatus.Active, GrantedAt = now.AddHours(-2), EndsAt = ends,
        };
        await Store(world).SaveAsync(Orphan("grant-over", new(eng.Id, eng.DisplayName), now.AddMinutes(-5)));
        await Store(world).SaveAsync(Orphan("grant-left", new(m365.Id, m365.DisplayName), now.AddHours(1)));

        var result = await world.Services.GetRequiredService<GrantReconciler>().RunAsync(world.Client);

        Assert.Equal((1, 1), (result.Ended, result.Restarted));
        Assert.False(IsMember(world, "tom@acme.com", "All-Engineering"));
        Assert.True(IsMember(world, "tom@acme.com", "Finance-M365"));
        Assert.Contains("grant_reconciled", await EventsOf(world, "req-grant-over"));
        Assert.NotNull(await world.Client.GetInstanceAsync("grant-left"));
    }

    private sealed record EmulatorGroup(string Id, string DisplayName);
}
