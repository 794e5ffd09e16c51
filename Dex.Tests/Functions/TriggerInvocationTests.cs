using Dex.Core.Audit;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;
using Dex.Functions;
using Dex.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Dex.Tests.Functions;

/// <summary>Every remaining HTTP trigger invoked directly (mocked DurableTaskClient), answering as the shared API does.</summary>
public sealed class HttpFunctions_Triggers(CoreServicesFixture core) : IClassFixture<CoreServicesFixture>
{
    private HttpFunctions Functions => new(core.Services);

    private static Mock<DurableTaskClient> Client() => CoreServicesFixture.EmptyDurableClient();

    private static HttpRequest Get() => new DefaultHttpContext { RequestServices = null! }.Request;

    private static int Status(Microsoft.AspNetCore.Mvc.IActionResult r) => Assert.IsType<ResultAdapter>(r).Result.Status();

    [Fact]
    public async Task Returns404GivenUnknownRequestId()
        => Assert.Equal(404, Status(await Functions.GetRequest(Get(), "req-unknown", Client().Object)));

    [Fact]
    public async Task Returns400PagesGivenGarbageApprovalToken()
    {
        Assert.Equal(400, Status(await Functions.GetApproval(Get(), "garbage", Client().Object)));
        Assert.Equal(400, Status(await Functions.PostApproval(HttpTestExtensions.FormRequest(("decision", "approve")), "garbage", Client().Object)));
    }

    [Fact]
    public async Task Returns400GivenPlanWithMalformedJson()
        => Assert.Equal(400, Status(await Functions.Plan(HttpTestExtensions.JsonRequest("{oops"), Client().Object)));

    [Fact]
    public async Task ReturnsPlanGivenValidDryRun()
        => Assert.Equal(200, Status(await Functions.Plan(HttpTestExtensions.JsonRequest("""{"requester":"sarah@acme.com","text":"Show my profile"}"""), Client().Object)));

    [Fact]
    public async Task AnswersAuditQueryAndVerifyGivenEmptyTrail()
    {
        Assert.Equal(200, Status(await Functions.QueryAudit(Get(), Client().Object)));
        Assert.Equal(200, Status(await Functions.VerifyAudit(Get(), Client().Object)));
    }

    [Fact]
    public async Task WritesCsvGivenAuditExport()
    {
        var ctx = new DefaultHttpContext();
        ctx.Response.Body = new MemoryStream();
        ctx.Request.QueryString = new QueryString("?format=csv");

        await Functions.ExportAudit(ctx.Request, Client().Object);

        Assert.StartsWith("text/csv", ctx.Response.ContentType, StringComparison.Ordinal);
        Assert.True(ctx.Response.Body.Length > 0);
    }

    [Fact]
    public async Task Returns410GivenUnknownSecretToken()
        => Assert.Equal(410, Status(await Functions.RevealSecret(Get(), "no-such-token", Client().Object)));

    [Fact]
    public async Task RunsThenServesDiscoveryGivenDiscoveryTriggers()
    {
        Assert.Equal(200, Status(await Functions.RunDiscovery(Get(), Client().Object)));
        Assert.Equal(200, Status(await Functions.LatestDiscovery(Get(), Client().Object)));
    }

    [Fact]
    public async Task ReportsOkGivenSetupValidationAgainstEmulator()
        => Assert.Equal(200, Status(await Functions.ValidateSetup(Get(), Client().Object)));
}

/// <summary>The activity functions are thin wrappers: invoked directly, in workflow order, they plan, decide, approve and execute.</summary>
public sealed class WorkflowFunctions_Activities(CoreServicesFixture core) : IClassFixture<CoreServicesFixture>
{
    [Fact]
    public async Task RunsEachActivityGivenAnMfaResetRequest()
    {
        var f = new WorkflowFunctions(core.Services.GetRequiredService<RequestActivities>(), core.Services.GetRequiredService<GrantActivities>(), core.Services.GetRequiredService<Dex.Core.Approvals.ApprovalEventVerifier>(), core.Services.GetRequiredService<QuestionActivities>(), core.Services.GetRequiredService<OffboardingActivities>());
        var now = DateTimeOffset.UtcNow;

        var understood = await f.Understand(new UnderstandInput("req-act", "helpdesk@acme.com", "Reset MFA for tom@acme.com", false, now));
        var plan = await f.Investigate(new InvestigateInput("req-act", "helpdesk@acme.com", understood, new Dictionary<string, string>(), now));
        var decision = await f.EvaluatePolicy(new PolicyInput("req-act", plan, now));
        var sent = await f.RequestApprovals(new ApprovalRequestInput("req-act", plan, "IT Security", decision.Approvers, now.AddHours(1), "approval_request", 0, now));
        var eligible = await f.CheckApproverEligible(new EligibilityInput("req-act", plan, "IT Security", "alice@acme.com"));
        var outcome = await f.ExecuteStep(new ExecuteStepInput("req-act", plan, 0, now));
        var notified = await f.Notify(new NotifyInput([]));
        var audited = await f.RecordAudit(new AuditEvent { EventId = "req-act:x", RequestId = "req-act", Actor = "test", Event = "completed", Outcome = "ok", At = now });

        Assert.Equal(DexActions.MfaReset, Assert.Single(understood.Steps).Action);
        Assert.Equal("tom@acme.com", plan.Steps[0].Target!.UserPrincipalName);
        Assert.Equal(PolicyOutcome.ApprovalRequired, decision.Outcome);
        Assert.Equal(2, sent);
        Assert.True(eligible);
        Assert.Equal(StepOutcome.Succeeded, outcome.Status);
        Assert.True(notified && audited);
        Assert.Equal(["password"], core.Emulator.Tenant.FindUser("tom@acme.com")!.AuthenticationMethods);
    }

    [Fact]
    public async Task IndexesAndClearsAQuestionGivenTheQuestionActivities()
    {
        var f = new WorkflowFunctions(core.Services.GetRequiredService<RequestActivities>(), core.Services.GetRequiredService<GrantActivities>(), core.Services.GetRequiredService<Dex.Core.Approvals.ApprovalEventVerifier>(), core.Services.GetRequiredService<QuestionActivities>(), core.Services.GetRequiredService<OffboardingActivities>());
        var store = core.Services.GetRequiredService<Dex.Core.Intake.IOpenQuestionStore>();
        var now = DateTimeOffset.UtcNow;
        var helpdesk = await core.Services.GetRequiredService<Dex.Core.Directory.DirectoryService>().FindUserAsync("helpdesk@acme.com");

        // No object id in the question: the activity resolves it from the UPN, so the key is still the object id.
        var opened = await f.OpenQuestion(new Dex.Core.Intake.OpenQuestion("req-q", string.Empty, "helpdesk@acme.com", "fn-q", Dex.Core.Intake.OpenQuestionKind.Clarification, "Which John?", now, now.AddHours(1)));

        Assert.Equal(helpdesk!.Id, opened!.RequesterId);
        Assert.Equal("req-q", Assert.Single(await store.FindAsync(helpdesk.Id, "fn-q", now)).RequestId);
        Assert.True(await f.CloseQuestion(opened));
        Assert.Empty(await store.FindAsync(helpdesk.Id, "fn-q", now));
    }

    [Fact]
    public async Task ThrowsClearlyGivenOrchestrationStartedWithoutInput()
    {
        var context = new Mock<Microsoft.DurableTask.TaskOrchestrationContext>();
        context.Setup(c => c.GetInput<RequestInput>()).Returns((RequestInput?)null);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkflowFunctions.RunRequestWorkflow(context.Object));

        Assert.Contains("without input", e.Message, StringComparison.Ordinal);
    }
}
