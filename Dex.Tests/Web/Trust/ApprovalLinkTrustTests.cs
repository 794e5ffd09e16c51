using Dex.Core.Approvals;
using Dex.Core.Audit;
using Dex.Core.Requests;
using Dex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Web.Trust;

/// <summary>Approval links are not bearer tokens: only the signed-in approver the link names decides, from Dex's own page.</summary>
public sealed class DexApi_ApprovalLinks : IAsyncLifetime
{
    private DexWorld _world = null!;

    public async Task InitializeAsync() => _world = await DexWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<(string RequestId, string Token)> WaitingMfaResetAsync()
    {
        var accepted = await _world.SendAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com, he got a new phone");
        await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        return (accepted.RequestId, await _world.ApprovalTokenForAsync("alice@acme.com", accepted.RequestId));
    }

    private async Task<IReadOnlyList<AuditEntry>> TrailAsync(string requestId) => (await _world.Audit.QueryAsync(new AuditQuery { RequestId = requestId, Limit = 1000 })).Entries;

    [Fact]
    public async Task Returns401AndDecidesNothingGivenNobodySignedIn()
    {
        var (requestId, token) = await WaitingMfaResetAsync();

        var get = await _world.Web.Approvals.GetAsync(token, HttpTestExtensions.GetRequest(), CancellationToken.None);
        var post = await _world.Web.Approvals.PostAsync(token, HttpTestExtensions.FormRequest(("decision", "approve")), CancellationToken.None);

        Assert.Equal(401, get.Status());
        Assert.Equal(401, post.Status());
        Assert.Equal(RequestStatus.AwaitingApproval, (await _world.ViewAsync(requestId))!.Status);
        Assert.Equal(200, (await _world.DecideAsync(token, ("decision", "approve"))).Status()); // the link was not used up
    }

    [Fact]
    public async Task Returns403AuditedAndLinkStillWorksGivenAnotherSignedInUser()
    {
        var (requestId, token) = await WaitingMfaResetAsync();

        var page = await _world.ApprovalPageAsync(token, @as: "admin@acme.com");
        var post = await _world.DecideAsAsync(token, "admin@acme.com", true, ("decision", "approve"));

        Assert.Equal(403, page.Status());
        Assert.Equal(403, post.Status());
        Assert.Contains("alice@acme.com", post.Html(), StringComparison.Ordinal);
        Assert.Empty((await _world.ViewAsync(requestId))!.Approvals);
        Assert.Contains(await TrailAsync(requestId), e => e.Event == "approval_refused" && e.Actor == "admin@acme.com");
        Assert.Equal(200, (await _world.DecideAsync(token, ("decision", "approve"))).Status());
        await _world.WaitForStatusAsync(requestId, RequestStatus.Completed);
    }

    [Fact]
    public async Task Returns403GivenCrossSiteFormWithoutPageToken()
    {
        var (requestId, token) = await WaitingMfaResetAsync();
        var alice = await _world.SignInAsync("alice@acme.com");

        var forged = HttpTestExtensions.FormRequest(alice, ("decision", "approve"));
        var fromElsewhere = HttpTestExtensions.FormRequest(alice, ("decision", "approve"), ("form_token", new string('0', 40)));
        fromElsewhere.Headers.Origin = "https://evil.example";

        Assert.Equal(403, (await _world.Web.Approvals.PostAsync(token, forged, CancellationToken.None)).Status());
        Assert.Equal(403, (await _world.Web.Approvals.PostAsync(token, fromElsewhere, CancellationToken.None)).Status());
        Assert.Contains(await TrailAsync(requestId), e => e.Event == "approval_refused" && e.Actor == "alice@acme.com");
        Assert.Equal(RequestStatus.AwaitingApproval, (await _world.ViewAsync(requestId))!.Status);
        Assert.Equal(200, (await _world.DecideAsync(token, ("decision", "approve"))).Status());
    }

    [Fact]
    public async Task Returns403UntilStepUpGivenMfaResetApprovedWithoutMfa()
    {
        var (requestId, token) = await WaitingMfaResetAsync();
        Assert.True((await _world.ViewAsync(requestId))!.Decision!.ApproverMfa);

        var page = await _world.ApprovalPageAsync(token, mfa: false);
        var post = await _world.DecideAsAsync(token, "alice@acme.com", false, ("decision", "approve"));

        Assert.Equal(403, page.Status());
        Assert.Contains("MFA", page.Html(), StringComparison.Ordinal);
        Assert.Equal(403, post.Status());
        Assert.Equal(RequestStatus.AwaitingApproval, (await _world.ViewAsync(requestId))!.Status);
        Assert.Equal(200, (await _world.DecideAsAsync(token, "alice@acme.com", true, ("decision", "approve"))).Status());
    }

    [Fact]
    public async Task IgnoresForgedEventGivenDecisionRaisedStraightIntoOrchestration()
    {
        var (requestId, token) = await WaitingMfaResetAsync();
        var claims = _world.Services.GetRequiredService<ApprovalTokenService>().Verify(token).Claims!;

        // Written into the task hub directly: once with no link, once with a genuine link that the page never used.
        await _world.Client.RaiseEventAsync(requestId, ApprovalDecisionEvent.EventName,
            new ApprovalDecisionEvent(claims.TokenId, claims.Approver, claims.Stage, claims.PlanHash, ApprovalDecisionEvent.Approve, null, DateTimeOffset.UtcNow));
        await _world.Client.RaiseEventAsync(requestId, ApprovalDecisionEvent.EventName,
            new ApprovalDecisionEvent(claims.TokenId, claims.Approver, claims.Stage, claims.PlanHash, ApprovalDecisionEvent.Approve, null, DateTimeOffset.UtcNow, token));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await TrailAsync(requestId)).Count(e => e.Event == "decision_rejected") < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var rejected = (await TrailAsync(requestId)).Where(e => e.Event == "decision_rejected").Select(e => e.Details).ToList();
        Assert.Contains(rejected, d => d!.Contains("carries no approval link", StringComparison.Ordinal));
        Assert.Contains(rejected, d => d!.Contains("never used on the decision page", StringComparison.Ordinal));
        var view = (await _world.ViewAsync(requestId))!;
        Assert.Equal(RequestStatus.AwaitingApproval, view.Status);
        Assert.Empty(view.Approvals);
        Assert.Contains("microsoftAuthenticator", _world.Emulator.Tenant.FindUser("tom@acme.com")!.AuthenticationMethods);
    }

    [Fact]
    public async Task TellsTheTruthGivenOrchestratorRejectsDecision()
    {
        var (requestId, token) = await WaitingMfaResetAsync();
        _world.Emulator.Tenant.RemoveGroupMember("IT Security", "alice@acme.com"); // no longer an approver when she decides

        var result = await _world.DecideAsync(token, ("decision", "approve"));

        Assert.Equal(409, result.Status());
        Assert.Contains("not counted", result.Html(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("no longer eligible", result.Html(), StringComparison.Ordinal);
        Assert.Contains(await TrailAsync(requestId), e => e.Event == "decision_rejected");
        Assert.Empty((await _world.ViewAsync(requestId))!.Approvals);
    }
}
