using System.Text.Json.Nodes;
using Dex.Core.Audit;
using Dex.Core.Requests;
using Dex.Tests.Support;

namespace Dex.Tests.Workflows;

/// <summary>A write on someone else (or a bulk step) shows the plan and waits for the requester's "yes" before approval and execution.</summary>
public sealed class RequestWorkflow_Confirmation : IAsyncLifetime
{
    private DexWorld _world = null!;

    public async Task InitializeAsync() => _world = await DexWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private bool TomInFinanceM365(DexWorld? world = null)
    {
        var tenant = (world ?? _world).Emulator.Tenant;
        return tenant.FindGroup("Finance-M365")!.MemberIds.Contains(tenant.FindUser("tom@acme.com")!.Id);
    }

    private async Task<string> AskToAddTomAsync(string channel, DexWorld? world = null)
    {
        var accepted = await (world ?? _world).SendAsync("uma@acme.com", "Add tom@acme.com to the Finance-M365 group", channel: channel);
        var view = await (world ?? _world).WaitForStatusAsync(accepted.RequestId, RequestStatus.NeedsClarification);
        Assert.True(view.Clarification!.IsConfirmation);
        return accepted.RequestId;
    }

    private async Task<IReadOnlyList<string>> AuditEventsAsync(string requestId)
        => [.. (await _world.Audit.QueryAsync(new AuditQuery { RequestId = requestId })).Entries.Select(e => e.Event)];

    [Fact]
    public async Task ShowsPlanAndChangesNothingGivenWriteOnSomeoneElse()
    {
        var request = await AskToAddTomAsync("cf-1");

        var view = (await _world.ViewAsync(request))!;
        Assert.Contains("Finance-M365", view.Clarification!.Question, StringComparison.Ordinal);
        Assert.Contains("yes", view.Clarification.Question, StringComparison.Ordinal);
        Assert.Equal(["Yes, go ahead", "No, cancel"], view.Clarification.Options);
        Assert.Contains(_world.Outbox.For("uma@acme.com"), n => n.RequestId == request && n.Kind == "clarification" && n.Text.Contains("Finance-M365", StringComparison.Ordinal));
        Assert.False(TomInFinanceM365());
        Assert.Contains("confirmation_requested", await AuditEventsAsync(request));
    }

    [Fact]
    public async Task StaysUnconfirmedGivenYesFromSomeoneElseOnTheSameChannel()
    {
        var request = await AskToAddTomAsync("cf-other");

        // Only the requester answers their own question: the target's "yes" in the same channel is a message of its own.
        var reply = await _world.SendAsync("tom@acme.com", "yes, go ahead", channel: "cf-other");

        Assert.NotEqual(request, reply.RequestId);
        Assert.Equal(RequestStatus.NeedsClarification, (await _world.ViewAsync(request))!.Status);
        Assert.DoesNotContain("confirmed", await AuditEventsAsync(request));
        Assert.False(TomInFinanceM365());
    }

    [Fact]
    public async Task ExecutesGivenYes()
    {
        var request = await AskToAddTomAsync("cf-2");

        var reply = await _world.SendAsync("uma@acme.com", "yes, go ahead", channel: "cf-2");

        Assert.Equal(request, reply.RequestId);
        await _world.WaitForStatusAsync(request, RequestStatus.Completed);
        Assert.True(TomInFinanceM365());
        Assert.Contains("confirmed", await AuditEventsAsync(request));
    }

    [Fact]
    public async Task CancelsWithNothingChangedGivenNo()
    {
        var request = await AskToAddTomAsync("cf-3");

        var reply = await _world.SendAsync("uma@acme.com", "no", channel: "cf-3");

        Assert.Equal(request, reply.RequestId);
        Assert.Equal(RequestStatus.Cancelled, reply.Status);
        var view = await _world.WaitForStatusAsync(request, RequestStatus.Cancelled);
        Assert.Contains("nothing was changed", view.Reply, StringComparison.Ordinal);
        Assert.False(TomInFinanceM365());
        var events = await AuditEventsAsync(request);
        Assert.Contains("confirmation_declined", events);
        Assert.DoesNotContain(events, e => e.StartsWith("step", StringComparison.Ordinal) || e == "executed");
    }

    [Fact]
    public async Task AsksApproversOnlyAfterYesGivenApprovalRequired()
    {
        var accepted = await _world.SendAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com, he got a new phone", channel: "cf-4");
        var asked = await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.NeedsClarification);
        Assert.True(asked.Clarification!.IsConfirmation);
        Assert.StartsWith("Before I ask for approval", asked.Clarification.Question, StringComparison.Ordinal);
        Assert.DoesNotContain(_world.Outbox.All(), n => n.RequestId == accepted.RequestId && n.Kind == "approval_request");

        await _world.SendAsync("helpdesk@acme.com", "go ahead", channel: "cf-4");

        await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        Assert.NotEmpty(await _world.ApprovalTokenForAsync("alice@acme.com", accepted.RequestId));
        Assert.Equal(4, _world.Emulator.Tenant.FindUser("tom@acme.com")!.AuthenticationMethods.Count);
    }

    [Fact]
    public async Task CompletesWithoutAskingGivenSelfServiceWrite()
    {
        var accepted = await _world.SendAsync("sarah@acme.com", "Update my office to \"NYC - 12\"", channel: "cf-5");

        var view = await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed);

        Assert.Equal("NYC - 12", _world.Emulator.Tenant.FindUser("sarah@acme.com")!.OfficeLocation);
        Assert.DoesNotContain("confirmation_requested", await AuditEventsAsync(accepted.RequestId));
        Assert.DoesNotContain(_world.Outbox.For("sarah@acme.com"), n => n.RequestId == accepted.RequestId && n.Kind == "clarification");
        Assert.Null(view.Clarification);
    }

    [Fact]
    public async Task AsksGivenBulkStep()
    {
        var accepted = await _world.SendAsync("helpdesk@acme.com", "unlock the following users: kevin@acme.com, priya@acme.com", channel: "cf-6");

        var view = await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.NeedsClarification);

        Assert.True(view.Clarification!.IsConfirmation);
        Assert.False(_world.Emulator.Tenant.FindUser("kevin@acme.com")!.AccountEnabled);
        await _world.SendAsync("helpdesk@acme.com", "confirm", channel: "cf-6");
        await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed);
        Assert.True(_world.Emulator.Tenant.FindUser("kevin@acme.com")!.AccountEnabled);
    }

    [Fact]
    public async Task StartsNewRequestAndKeepsConfirmationGivenRequestWhileConfirmationPending()
    {
        var request = await AskToAddTomAsync("cf-7");

        var other = await _world.SendAsync("uma@acme.com", "who belongs to IT Support?", channel: "cf-7");

        Assert.NotEqual(request, other.RequestId);
        Assert.Contains("waiting for your confirmation", other.Reply, StringComparison.Ordinal);
        await _world.WaitForStatusAsync(other.RequestId, RequestStatus.Completed);
        Assert.Equal(RequestStatus.NeedsClarification, (await _world.ViewAsync(request))!.Status);
        Assert.False(TomInFinanceM365());

        var yes = await _world.SendAsync("uma@acme.com", "Yes, go ahead", channel: "cf-7");

        Assert.Equal(request, yes.RequestId);
        await _world.WaitForStatusAsync(request, RequestStatus.Completed);
        Assert.True(TomInFinanceM365());
    }

    [Fact]
    public async Task RepeatsQuestionGivenReplyThatIsNeitherYesNorRequest()
    {
        var request = await AskToAddTomAsync("cf-8");

        var reply = await _world.SendAsync("uma@acme.com", "hmm, let me think", channel: "cf-8");

        Assert.Equal(request, reply.RequestId);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        RequestView? view = null;
        while (DateTime.UtcNow < deadline && !(view?.Reply?.StartsWith("Sorry", StringComparison.Ordinal) ?? false))
        {
            await Task.Delay(100);
            view = await _world.ViewAsync(request);
        }

        Assert.Equal(RequestStatus.NeedsClarification, view!.Status);
        Assert.StartsWith("Sorry, I need a yes or a no.", view.Reply, StringComparison.Ordinal);
        Assert.False(TomInFinanceM365());
    }

    [Fact]
    public async Task ExpiresWithNothingChangedGivenNoReply()
    {
        var policy = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "Dex.Core", "Policy", "sample-tenant-policy.json")))!;
        policy["defaults"]!["confirmExpiry"] = "00:00:02";
        await using var world = await DexWorld.StartAsync(policy.ToJsonString());
        var request = await AskToAddTomAsync("cf-9", world);

        var view = await world.WaitForStatusAsync(request, RequestStatus.Expired, sayYes: false);

        Assert.Contains("nothing was changed", view.Reply, StringComparison.Ordinal);
        Assert.False(TomInFinanceM365(world));
        Assert.Contains((await world.Audit.QueryAsync(new AuditQuery { RequestId = request })).Entries, e => e.Event == "confirmation_expired");
    }

    [Fact]
    public async Task GoesAheadWithoutAskingGivenActionConfirmNever()
    {
        var policy = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "Dex.Core", "Policy", "sample-tenant-policy.json")))!;
        policy["actions"]!["grant_access"]!["confirm"] = new JsonArray("never");
        await using var world = await DexWorld.StartAsync(policy.ToJsonString());
        var accepted = await world.SendAsync("uma@acme.com", "Add tom@acme.com to the Finance-M365 group", channel: "cf-10");

        await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed);

        Assert.True(TomInFinanceM365(world));
        Assert.DoesNotContain((await world.Audit.QueryAsync(new AuditQuery { RequestId = accepted.RequestId })).Entries, e => e.Event == "confirmation_requested");
    }
}
