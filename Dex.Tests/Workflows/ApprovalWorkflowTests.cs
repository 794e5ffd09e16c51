using Dex.Core.Approvals;
using Dex.Core.Audit;
using Dex.Core.Requests;
using Dex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Workflows;

/// <summary>Approval stages, quorum, reminders, escalation and eligibility, on the real durable engine with short timers.</summary>
public sealed class RequestWorkflow_Approvals
{
    private static string Policy(string stages, string extra = "") => $$"""
        { "version": 1,
          "actions": {
            "mfa_reset": { "selfService": true, "onBehalf": { "roles": ["Helpdesk Administrator"] },
              "approval": { "when": ["always"], {{extra}} "stages": [{{stages}}] } } } }
        """;

    private static async Task Approve(DexWorld world, string approver, string requestId, string kind = "approval_request")
    {
        var token = await world.ApprovalTokenForAsync(approver, requestId, kind);
        var result = await world.Web.Approvals.PostAsync(token, HttpTestExtensions.FormRequest(("decision", "approve")), CancellationToken.None);
        Assert.Equal(200, result.Status());
    }

    private static async Task WaitForApprovalsAsync(DexWorld world, string requestId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && (await world.ViewAsync(requestId))!.Approvals.Count < count)
        {
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task NeedsTwoApprovalsGivenTwoOfThreeQuorum()
    {
        await using var world = await DexWorld.StartAsync(Policy("""{ "name": "IT Support", "approvers": { "groups": ["IT Support"] }, "quorum": 2 }"""));
        var accepted = await world.SendAsync("sarah@acme.com", "I got a new phone, reset my MFA");
        var waiting = await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        Assert.Equal(["alice@acme.com", "helpdesk@acme.com", "uma@acme.com"], waiting.Decision!.Approvers);
        Assert.Equal(2, waiting.Decision.Quorum);

        await Approve(world, "alice@acme.com", accepted.RequestId);
        await WaitForApprovalsAsync(world, accepted.RequestId, 1);
        Assert.Equal(RequestStatus.AwaitingApproval, (await world.ViewAsync(accepted.RequestId))!.Status);
        Assert.Equal(2, world.Emulator.Tenant.FindUser("sarah@acme.com")!.AuthenticationMethods.Count);

        await Approve(world, "uma@acme.com", accepted.RequestId);
        var done = await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed);
        Assert.Equal(["alice@acme.com", "uma@acme.com"], done.Approvals.Select(a => a.Approver));
        Assert.Equal(["password"], world.Emulator.Tenant.FindUser("sarah@acme.com")!.AuthenticationMethods);
    }

    [Fact]
    public async Task AsksSecondStageOnlyAfterFirstGivenTwoStages()
    {
        await using var world = await DexWorld.StartAsync(Policy("""
            { "name": "Manager", "approvers": { "manager": true }, "quorum": 1 },
            { "name": "IT Security", "approvers": { "groups": ["IT Security"] }, "quorum": 1 }
            """));
        var accepted = await world.SendAsync("sarah@acme.com", "reset my MFA please, new phone");
        await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        Assert.DoesNotContain(world.Outbox.For("alice@acme.com"), n => n.RequestId == accepted.RequestId && n.Kind == "approval_request");

        await Approve(world, "maria@acme.com", accepted.RequestId);
        await Approve(world, "alice@acme.com", accepted.RequestId);

        var done = await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed);
        Assert.Equal([("maria@acme.com", "Manager"), ("alice@acme.com", "IT Security")], done.Approvals.Select(a => (a.Approver, a.Stage!)));
    }

    [Fact]
    public async Task RemindsThenEscalatesGivenSlowApprovers()
    {
        await using var world = await DexWorld.StartAsync(Policy(
            """{ "name": "Finance", "approvers": { "groups": ["Finance-Admins"] }, "quorum": 1 }""",
            """ "expiry": "00:00:20", "reminderEvery": "00:00:01", "escalateAfter": "00:00:02", "escalationApprovers": { "users": ["uma@acme.com"] }, """));
        var accepted = await world.SendAsync("sarah@acme.com", "reset my mfa");
        await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);

        await Approve(world, "uma@acme.com", accepted.RequestId, kind: "escalation");

        var done = await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed);
        Assert.Equal("uma@acme.com", Assert.Single(done.Approvals).Approver);
        Assert.Contains(world.Outbox.For("maria@acme.com"), n => n.RequestId == accepted.RequestId && n.Kind == "reminder");
        var events = (await world.Audit.QueryAsync(new AuditQuery { RequestId = accepted.RequestId })).Entries.Select(e => e.Event).ToList();
        Assert.Contains("reminded", events);
        Assert.Contains("escalated", events);
    }

    [Fact]
    public async Task AsksDiscoveredApproverGroupsGivenPolicyNamingThem()
    {
        await using var world = await DexWorld.StartAsync(Policy("""{ "name": "Discovered", "approvers": { "discovered": true }, "quorum": 1 }"""));
        await world.Services.GetRequiredService<Dex.Core.Discovery.DiscoveryService>().RunAsync("test");

        var accepted = await world.SendAsync("sarah@acme.com", "reset my MFA, new phone");
        var waiting = await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);

        Assert.Equal(["admin@acme.com", "alice@acme.com"], waiting.Decision!.Approvers);
        Assert.Contains("discovered", waiting.Decision.Stages![0].Basis, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IgnoresDecisionGivenApproverRemovedFromGroupBeforeDeciding()
    {
        await using var world = await DexWorld.StartAsync();
        var accepted = await world.SendAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com");
        await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        var token = await world.ApprovalTokenForAsync("alice@acme.com", accepted.RequestId);
        world.Emulator.Tenant.RemoveGroupMember("IT Security", "alice@acme.com");

        await world.Web.Approvals.PostAsync(token, HttpTestExtensions.FormRequest(("decision", "approve")), CancellationToken.None);

        await WaitForAuditAsync(world, accepted.RequestId, "decision_rejected");
        var view = (await world.ViewAsync(accepted.RequestId))!;
        Assert.Equal(RequestStatus.AwaitingApproval, view.Status);
        Assert.Empty(view.Approvals);
        Assert.Equal(4, world.Emulator.Tenant.FindUser("tom@acme.com")!.AuthenticationMethods.Count);
    }

    [Fact]
    public async Task IgnoresDecisionGivenEventForAnotherPlanOrStranger()
    {
        await using var world = await DexWorld.StartAsync();
        var accepted = await world.SendAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com");
        var view = await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);

        // Raised straight on the orchestration, bypassing the link checks: the orchestrator still refuses them.
        await world.Client.RaiseEventAsync(accepted.RequestId, ApprovalDecisionEvent.EventName,
            new ApprovalDecisionEvent("t1", "alice@acme.com", "IT Security", "another-plan-hash", ApprovalDecisionEvent.Approve, null, DateTimeOffset.UtcNow));
        await world.Client.RaiseEventAsync(accepted.RequestId, ApprovalDecisionEvent.EventName,
            new ApprovalDecisionEvent("t2", "sarah@acme.com", "IT Security", view.PlanHash!, ApprovalDecisionEvent.Approve, null, DateTimeOffset.UtcNow));
        await world.Client.RaiseEventAsync(accepted.RequestId, ApprovalDecisionEvent.EventName,
            new ApprovalDecisionEvent("t3", "helpdesk@acme.com", "IT Security", view.PlanHash!, ApprovalDecisionEvent.Approve, null, DateTimeOffset.UtcNow));

        await WaitForAuditAsync(world, accepted.RequestId, "decision_rejected", count: 3);
        Assert.Equal(RequestStatus.AwaitingApproval, (await world.ViewAsync(accepted.RequestId))!.Status);
        Assert.Equal(4, world.Emulator.Tenant.FindUser("tom@acme.com")!.AuthenticationMethods.Count);
    }

    [Fact]
    public async Task Returns409PageGivenLinkForChangedPlan()
    {
        await using var world = await DexWorld.StartAsync();
        var accepted = await world.SendAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com");
        await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        var tokens = new ApprovalTokenService(new ApprovalOptions { SigningKey = DexWorld.SigningKey }, TimeProvider.System);
        var stale = tokens.Issue(new ApprovalClaims(accepted.RequestId, "alice@acme.com", "IT Security", "old-plan", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), "x1"));

        var page = await world.Web.Approvals.GetAsync(stale, CancellationToken.None);

        Assert.Equal(409, page.Status());
        Assert.Contains("plan changed", page.Html(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Returns410PageGivenExpiredLink()
    {
        await using var world = await DexWorld.StartAsync();
        var accepted = await world.SendAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com");
        var view = await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        var tokens = new ApprovalTokenService(new ApprovalOptions { SigningKey = DexWorld.SigningKey }, TimeProvider.System);
        var expired = tokens.Issue(new ApprovalClaims(accepted.RequestId, "alice@acme.com", "IT Security", view.PlanHash!, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), "x2"));

        Assert.Equal(410, (await world.Web.Approvals.PostAsync(expired, HttpTestExtensions.FormRequest(("decision", "approve")), CancellationToken.None)).Status());
    }

    [Fact]
    public async Task Returns400PageGivenTokenSignedWithAnotherKey()
    {
        await using var world = await DexWorld.StartAsync();
        var accepted = await world.SendAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com");
        var view = await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        var foreign = new ApprovalTokenService(new ApprovalOptions { SigningKey = "another-tenant-key-0123456789-abcdefghijk" }, TimeProvider.System)
            .Issue(new ApprovalClaims(accepted.RequestId, "alice@acme.com", "IT Security", view.PlanHash!, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), "x3"));

        Assert.Equal(400, (await world.Web.Approvals.GetAsync(foreign, CancellationToken.None)).Status());
    }

    [Fact]
    public async Task Returns400PageGivenDecisionThatIsNeitherApproveNorDeny()
    {
        await using var world = await DexWorld.StartAsync();
        var accepted = await world.SendAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com");
        await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        var token = await world.ApprovalTokenForAsync("alice@acme.com", accepted.RequestId);

        Assert.Equal(400, (await world.Web.Approvals.PostAsync(token, HttpTestExtensions.FormRequest(("decision", "maybe")), CancellationToken.None)).Status());
        Assert.Equal(200, (await world.Web.Approvals.GetAsync(token, CancellationToken.None)).Status());
    }

    private static async Task WaitForAuditAsync(DexWorld world, string requestId, string evt, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var n = (await world.Audit.QueryAsync(new AuditQuery { RequestId = requestId })).Entries.Count(e => e.Event == evt);
            if (n >= count)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"audit event {evt} x{count} not seen for {requestId}");
    }
}
