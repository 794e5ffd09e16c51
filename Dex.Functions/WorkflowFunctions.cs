using Dex.Core.Audit;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Dex.Functions;

/// <summary>
/// The orchestrator and activity functions: [Function] wrappers over Dex.Core's workflow, nothing more.
/// The Functions SDK needs them as methods; a test checks them against <see cref="DexTasks.Activities"/>, the one list.
/// </summary>
public sealed class WorkflowFunctions(RequestActivities activities, GrantActivities grants, Dex.Core.Approvals.ApprovalEventVerifier verifier, QuestionActivities questions)
{
    [Function(Dex.Core.Approvals.ApprovalEventVerifier.ActivityName)]
    public Task<string?> VerifyApprovalEvent([ActivityTrigger] Dex.Core.Approvals.ApprovalEventCheck input) => verifier.VerifyAsync(input);

    [Function(DexTasks.Orchestrator)]
    public static Task<RequestView> RunRequestWorkflow([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RequestWorkflow.RunAsync(context, context.GetInput<RequestInput>()
            ?? throw new InvalidOperationException("The request workflow was started without input."));
    }

    [Function(nameof(RequestActivities.Understand))]
    public Task<UnderstandingResult> Understand([ActivityTrigger] UnderstandInput input) => activities.Understand(input);

    [Function(nameof(RequestActivities.Investigate))]
    public Task<Plan> Investigate([ActivityTrigger] InvestigateInput input) => activities.Investigate(input);

    [Function(nameof(RequestActivities.EvaluatePolicy))]
    public Task<PolicyDecision> EvaluatePolicy([ActivityTrigger] PolicyInput input) => activities.EvaluatePolicy(input);

    [Function(nameof(RequestActivities.RequestApprovals))]
    public Task<int> RequestApprovals([ActivityTrigger] ApprovalRequestInput input) => activities.RequestApprovals(input);

    [Function(nameof(RequestActivities.CheckApproverEligible))]
    public Task<bool> CheckApproverEligible([ActivityTrigger] EligibilityInput input) => activities.CheckApproverEligible(input);

    [Function(nameof(RequestActivities.ExecuteStep))]
    public Task<StepOutcome> ExecuteStep([ActivityTrigger] ExecuteStepInput input) => activities.ExecuteStep(input);

    [Function(nameof(RequestActivities.Notify))]
    public Task<bool> Notify([ActivityTrigger] NotifyInput input) => activities.Notify(input);

    [Function(nameof(RequestActivities.RecordAudit))]
    public Task<bool> RecordAudit([ActivityTrigger] AuditEvent input) => activities.RecordAudit(input);

    [Function(GrantWorkflow.Name)]
    public static Task<string> RunGrantWorkflow([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return GrantWorkflow.RunAsync(context, context.GetInput<GrantClockInput>()
            ?? throw new InvalidOperationException("The grant workflow was started without input."));
    }

    [Function(nameof(GrantActivities.StartGrantClock))]
    public Task<bool> StartGrantClock([ActivityTrigger] StartGrantInput input, [DurableClient] DurableTaskClient client) => grants.StartGrantClock(input, client);

    [Function(nameof(GrantActivities.RemindGrant))]
    public Task<bool> RemindGrant([ActivityTrigger] GrantReminderInput input) => grants.RemindGrant(input);

    [Function(nameof(GrantActivities.EndGrant))]
    public Task<Dex.Core.Grants.GrantEnd> EndGrant([ActivityTrigger] EndGrantInput input) => grants.EndGrant(input);

    [Function(nameof(QuestionActivities.OpenQuestion))]
    public Task<Dex.Core.Intake.OpenQuestion?> OpenQuestion([ActivityTrigger] Dex.Core.Intake.OpenQuestion input) => questions.OpenQuestion(input);

    [Function(nameof(QuestionActivities.CloseQuestion))]
    public Task<bool> CloseQuestion([ActivityTrigger] Dex.Core.Intake.OpenQuestion input) => questions.CloseQuestion(input);
}
