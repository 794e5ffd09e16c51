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
public sealed class WorkflowFunctions(RequestActivities activities, GrantActivities grants, Dex.Core.Approvals.ApprovalEventVerifier verifier, QuestionActivities questions, OffboardingActivities offboarding)
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

    [Function(OffboardingWorkflow.Name)]
    public static Task<StepOutcome> RunOffboardingWorkflow([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return OffboardingWorkflow.RunAsync(context, context.GetInput<OffboardingInput>()
            ?? throw new InvalidOperationException("The offboarding workflow was started without input."));
    }

    [Function(AccountDeletionWorkflow.Name)]
    public static Task<string> RunAccountDeletionWorkflow([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AccountDeletionWorkflow.RunAsync(context, context.GetInput<AccountDeletionInput>()
            ?? throw new InvalidOperationException("The account deletion workflow was started without input."));
    }

    [Function(nameof(OffboardingActivities.DisableSignIn))]
    public Task<OffboardChange> DisableSignIn([ActivityTrigger] OffboardChangeInput input) => offboarding.DisableSignIn(input);

    [Function(nameof(OffboardingActivities.RevokeSessions))]
    public Task<OffboardChange> RevokeSessions([ActivityTrigger] OffboardChangeInput input) => offboarding.RevokeSessions(input);

    [Function(nameof(OffboardingActivities.RemoveGroupMemberships))]
    public Task<IReadOnlyList<OffboardChange>> RemoveGroupMemberships([ActivityTrigger] OffboardChangeInput input) => offboarding.RemoveGroupMemberships(input);

    [Function(nameof(OffboardingActivities.RemoveAppAssignment))]
    public Task<OffboardChange> RemoveAppAssignment([ActivityTrigger] OffboardChangeInput input) => offboarding.RemoveAppAssignment(input);

    [Function(nameof(OffboardingActivities.RemoveDirectLicences))]
    public Task<IReadOnlyList<OffboardChange>> RemoveDirectLicences([ActivityTrigger] OffboardChangeInput input) => offboarding.RemoveDirectLicences(input);

    [Function(nameof(OffboardingActivities.NotifyLeaverManager))]
    public Task<OffboardChange> NotifyLeaverManager([ActivityTrigger] OffboardChangeInput input) => offboarding.NotifyLeaverManager(input);

    [Function(nameof(OffboardingActivities.CancelPendingRequests))]
    public Task<IReadOnlyList<OffboardChange>> CancelPendingRequests([ActivityTrigger] OffboardChangeInput input, [DurableClient] DurableTaskClient client) => offboarding.CancelPendingRequests(input, client);

    [Function(nameof(OffboardingActivities.ScheduleAccountDeletion))]
    public Task<OffboardChange> ScheduleAccountDeletion([ActivityTrigger] AccountDeletionInput input, [DurableClient] DurableTaskClient client) => offboarding.ScheduleAccountDeletion(input, client);

    [Function(nameof(OffboardingActivities.CancelAccountDeletion))]
    public Task<StepOutcome> CancelAccountDeletion([ActivityTrigger] CancelDeletionInput input, [DurableClient] DurableTaskClient client) => offboarding.CancelAccountDeletion(input, client);

    [Function(nameof(OffboardingActivities.DeleteOffboardedAccount))]
    public Task<OffboardChange> DeleteOffboardedAccount([ActivityTrigger] OffboardChangeInput input) => offboarding.DeleteOffboardedAccount(input);
}
