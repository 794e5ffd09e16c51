using Dex.Core.Approvals;
using Dex.Core.Requests;
using Dex.Tests.Support;

namespace Dex.Tests.Workflows;

/// <summary>The request workflow end to end on the real durable engine, with the real Graph SDK calling the emulator.</summary>
public sealed class RequestWorkflow_RunAsync : IAsyncLifetime
{
    private DexWorld _world = null!;

    public async Task InitializeAsync() => _world = await DexWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task CompletesSelfServiceProfileUpdateGivenEmployeeRequest()
    {
        var accepted = await _world.SendAsync("sarah@acme.com", "Update my mobile number to +1 415 555 0123 and office to \"SF HQ - Floor 4\"");

        var view = await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed);

        var sarah = _world.Emulator.Tenant.FindUser("sarah@acme.com")!;
        Assert.Equal("+14155550123", sarah.MobilePhone);
        Assert.Equal("SF HQ - Floor 4", sarah.OfficeLocation);
        Assert.Equal(PolicyOutcome.Allow, view.Decision!.Outcome);
        Assert.Equal("succeeded", Assert.Single(view.Steps).Status);
        Assert.Contains("Done.", view.Reply, StringComparison.Ordinal);
        Assert.Contains(_world.Outbox.For("sarah@acme.com"), n => n.RequestId == accepted.RequestId && n.Text.StartsWith("Done.", StringComparison.Ordinal));
        var trail = (await _world.Audit.QueryAsync(new Core.Audit.AuditQuery { RequestId = accepted.RequestId })).Entries.Select(e => e.Event).ToList();
        Assert.Equal(["received", "understood", "planned", "policy_decision", "step_started", "step_succeeded", "completed"], trail);
        Assert.True((await _world.Audit.VerifyAsync()).Ok);
    }

    [Fact]
    public async Task WaitsForApprovalThenResetsMfaGivenHelpdeskRequestApproved()
    {
        var accepted = await _world.SendAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com, he got a new phone");
        var waiting = await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        Assert.Equal(["admin@acme.com", "alice@acme.com"], waiting.Decision!.Approvers);

        var token = await _world.ApprovalTokenForAsync("alice@acme.com", accepted.RequestId);
        var page = await _world.ApprovalPageAsync(token);
        Assert.Equal(200, page.Status());
        Assert.Contains("tom@acme.com", page.Html(), StringComparison.Ordinal);
        Assert.Contains("Approve", page.Html(), StringComparison.Ordinal);

        // GET changed nothing: still waiting, tom still has his methods.
        Assert.Equal(RequestStatus.AwaitingApproval, (await _world.ViewAsync(accepted.RequestId))!.Status);
        Assert.Contains("microsoftAuthenticator", _world.Emulator.Tenant.FindUser("tom@acme.com")!.AuthenticationMethods);

        var result = await _world.DecideAsync(token, ("decision", "approve"), ("comment", "verified by phone"));
        Assert.Equal(200, result.Status());

        var done = await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed);
        var tom = _world.Emulator.Tenant.FindUser("tom@acme.com")!;
        Assert.Equal(["password"], tom.AuthenticationMethods);
        Assert.NotNull(tom.SignInSessionsRevokedAt);
        var approval = Assert.Single(done.Approvals);
        Assert.Equal(("alice@acme.com", "approve"), (approval.Approver, approval.Decision));
    }

    [Fact]
    public async Task DeniesAndChangesNothingGivenApproverDenies()
    {
        var accepted = await _world.SendAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com, he got a new phone");
        await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        var token = await _world.ApprovalTokenForAsync("admin@acme.com", accepted.RequestId);

        var result = await _world.DecideAsync(token, ("decision", "deny"), ("comment", "call me first"));
        Assert.Equal(200, result.Status());

        var view = await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Denied);
        Assert.Contains("call me first", view.Reply, StringComparison.Ordinal);
        Assert.Equal(4, _world.Emulator.Tenant.FindUser("tom@acme.com")!.AuthenticationMethods.Count);
        Assert.Null(_world.Emulator.Tenant.FindUser("tom@acme.com")!.SignInSessionsRevokedAt);
    }

    [Fact]
    public async Task RefusesSecondUseGivenApprovalLinkAlreadyUsed()
    {
        var accepted = await _world.SendAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com");
        await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        var token = await _world.ApprovalTokenForAsync("alice@acme.com", accepted.RequestId);

        Assert.Equal(200, (await _world.DecideAsync(token, ("decision", "deny"))).Status());
        var again = await _world.DecideAsync(token, ("decision", "approve"));

        Assert.Equal(409, again.Status());
        await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Denied);
    }

    [Fact]
    public async Task RejectsLinkGivenTamperedToken()
    {
        var accepted = await _world.SendAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com");
        await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        var token = await _world.ApprovalTokenForAsync("alice@acme.com", accepted.RequestId);
        var tampered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];

        var get = await _world.ApprovalPageAsync(tampered);
        var post = await _world.DecideAsync(tampered, ("decision", "approve"));

        Assert.Equal(400, get.Status());
        Assert.Equal(400, post.Status());
        Assert.Equal(RequestStatus.AwaitingApproval, (await _world.ViewAsync(accepted.RequestId))!.Status);
    }

    [Fact]
    public async Task RefusesRequesterGivenForgedSelfApprovalToken()
    {
        var accepted = await _world.SendAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com");
        var view = await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        var tokens = new ApprovalTokenService(new ApprovalOptions { SigningKey = DexWorld.SigningKey }, TimeProvider.System);
        var self = tokens.Issue(new ApprovalClaims(accepted.RequestId, "helpdesk@acme.com", "IT Security", view.PlanHash!, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), "self"));

        var post = await _world.DecideAsync(self, ("decision", "approve"));

        Assert.Equal(403, post.Status());
        Assert.Equal(RequestStatus.AwaitingApproval, (await _world.ViewAsync(accepted.RequestId))!.Status);
    }

    [Fact]
    public async Task ReturnsSameRequestGivenSameMessageIdTwice()
    {
        var first = await _world.SendAsync("sarah@acme.com", "Update my office to \"NYC - 12\"", id: "dup-1");
        var second = await _world.SendAsync("sarah@acme.com", "Update my office to \"NYC - 12\"", id: "dup-1");

        Assert.Equal(first.RequestId, second.RequestId);
        await _world.WaitForStatusAsync(first.RequestId, RequestStatus.Completed);
        var received = (await _world.Audit.QueryAsync(new Core.Audit.AuditQuery { RequestId = first.RequestId })).Entries.Count(e => e.Event == "received");
        Assert.Equal(1, received);
    }

    [Fact]
    public async Task FailsWithReadableReplyGivenUnknownTargetUser()
    {
        var accepted = await _world.SendAsync("helpdesk@acme.com", "Reset MFA for nobody@acme.com");

        var view = await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Failed);

        Assert.Contains("couldn't find anyone called \"nobody@acme.com\"", view.Reply, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", view.Reply, StringComparison.Ordinal);
    }
}

/// <summary>Approval expiry on a short timer, with a policy file that says so.</summary>
public sealed class RequestWorkflow_Expiry
{
    private const string ShortPolicy = """
        { "version": 1,
          "actions": {
            "mfa_reset": { "selfService": true, "onBehalf": { "roles": ["Helpdesk Administrator"] },
              "approval": { "when": ["always"], "expiry": "00:00:02",
                "stages": [{ "name": "IT Security", "approvers": { "groups": ["IT Security"] }, "quorum": 1 }] } } } }
        """;

    [Fact]
    public async Task ExpiresAndTellsEveryoneGivenNobodyDecides()
    {
        await using var world = await DexWorld.StartAsync(ShortPolicy);
        var accepted = await world.SendAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com");

        var view = await world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Expired);

        Assert.Contains("cancelled", view.Reply, StringComparison.Ordinal);
        Assert.Equal(4, world.Emulator.Tenant.FindUser("tom@acme.com")!.AuthenticationMethods.Count);
        Assert.Contains(world.Outbox.For("alice@acme.com"), n => n.RequestId == accepted.RequestId && n.Kind == "outcome");
        var token = await world.ApprovalTokenForAsync("alice@acme.com", accepted.RequestId);
        var late = await world.DecideAsync(token, ("decision", "approve"));
        Assert.InRange(late.Status(), 400, 499);
    }
}
