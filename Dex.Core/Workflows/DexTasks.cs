using Dex.Core.Audit;
using Dex.Core.Requests;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Core.Workflows;

/// <summary>One activity of the request workflow: its name, its input and output types, and how it runs.</summary>
public sealed record DexActivity(string Name, Type Input, Type Output, Action<DurableTaskRegistry> Register);

/// <summary>
/// The one list of Dex's orchestrators and activities. Dex.Local and the tests register it on a durable
/// worker; Dex.Functions' [Function] wrappers (which the Functions SDK needs as methods) are checked
/// against it by a test, so the two hosts cannot drift.
/// </summary>
public static class DexTasks
{
    public const string Orchestrator = nameof(RequestWorkflow);

    public static IReadOnlyList<DexActivity> Activities { get; } =
    [
        Activity<UnderstandInput, Understanding.UnderstandingResult>(nameof(RequestActivities.Understand), (a, i) => a.Understand(i)),
        Activity<InvestigateInput, Plan>(nameof(RequestActivities.Investigate), (a, i) => a.Investigate(i)),
        Activity<PolicyInput, PolicyDecision>(nameof(RequestActivities.EvaluatePolicy), (a, i) => a.EvaluatePolicy(i)),
        Activity<ApprovalRequestInput, int>(nameof(RequestActivities.RequestApprovals), (a, i) => a.RequestApprovals(i)),
        Activity<EligibilityInput, bool>(nameof(RequestActivities.CheckApproverEligible), (a, i) => a.CheckApproverEligible(i)),
        Activity<ExecuteStepInput, StepOutcome>(nameof(RequestActivities.ExecuteStep), (a, i) => a.ExecuteStep(i)),
        Activity<NotifyInput, bool>(nameof(RequestActivities.Notify), (a, i) => a.Notify(i)),
        Activity<AuditEvent, bool>(nameof(RequestActivities.RecordAudit), (a, i) => a.RecordAudit(i)),
        GrantActivity<StartGrantInput, bool>(nameof(GrantActivities.StartGrantClock), (a, sp, i) => a.StartGrantClock(i, sp.GetRequiredService<DurableTaskClient>())),
        GrantActivity<GrantReminderInput, bool>(nameof(GrantActivities.RemindGrant), (a, _, i) => a.RemindGrant(i)),
        GrantActivity<EndGrantInput, Grants.GrantEnd>(nameof(GrantActivities.EndGrant), (a, _, i) => a.EndGrant(i)),
        QuestionActivity<Intake.OpenQuestion, Intake.OpenQuestion?>(nameof(QuestionActivities.OpenQuestion), (a, i) => a.OpenQuestion(i)),
        QuestionActivity<Intake.OpenQuestion, bool>(nameof(QuestionActivities.CloseQuestion), (a, i) => a.CloseQuestion(i)),
        OffboardingActivity<OffboardChangeInput, OffboardChange>(nameof(OffboardingActivities.DisableSignIn), (a, _, i) => a.DisableSignIn(i)),
        OffboardingActivity<OffboardChangeInput, OffboardChange>(nameof(OffboardingActivities.RevokeSessions), (a, _, i) => a.RevokeSessions(i)),
        OffboardingActivity<OffboardChangeInput, IReadOnlyList<OffboardChange>>(nameof(OffboardingActivities.RemoveGroupMemberships), (a, _, i) => a.RemoveGroupMemberships(i)),
        OffboardingActivity<OffboardChangeInput, OffboardChange>(nameof(OffboardingActivities.RemoveAppAssignment), (a, _, i) => a.RemoveAppAssignment(i)),
        OffboardingActivity<OffboardChangeInput, IReadOnlyList<OffboardChange>>(nameof(OffboardingActivities.RemoveDirectLicences), (a, _, i) => a.RemoveDirectLicences(i)),
        OffboardingActivity<OffboardChangeInput, OffboardChange>(nameof(OffboardingActivities.NotifyLeaverManager), (a, _, i) => a.NotifyLeaverManager(i)),
        OffboardingActivity<OffboardChangeInput, IReadOnlyList<OffboardChange>>(nameof(OffboardingActivities.CancelPendingRequests), (a, sp, i) => a.CancelPendingRequests(i, sp.GetRequiredService<DurableTaskClient>())),
        OffboardingActivity<AccountDeletionInput, OffboardChange>(nameof(OffboardingActivities.ScheduleAccountDeletion), (a, sp, i) => a.ScheduleAccountDeletion(i, sp.GetRequiredService<DurableTaskClient>())),
        OffboardingActivity<CancelDeletionInput, StepOutcome>(nameof(OffboardingActivities.CancelAccountDeletion), (a, sp, i) => a.CancelAccountDeletion(i, sp.GetRequiredService<DurableTaskClient>())),
        OffboardingActivity<OffboardChangeInput, OffboardChange>(nameof(OffboardingActivities.DeleteOffboardedAccount), (a, _, i) => a.DeleteOffboardedAccount(i)),
        new(Approvals.ApprovalEventVerifier.ActivityName, typeof(Approvals.ApprovalEventCheck), typeof(string),
            registry => registry.AddActivity(Approvals.ApprovalEventVerifier.ActivityName, sp => new VerifierActivity(sp))),
    ];

    public static DurableTaskRegistry AddDexTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestratorFunc<RequestInput, RequestView>(Orchestrator, RequestWorkflow.RunAsync);
        registry.AddOrchestratorFunc<GrantClockInput, string>(GrantWorkflow.Name, GrantWorkflow.RunAsync);
        registry.AddOrchestratorFunc<OffboardingInput, StepOutcome>(OffboardingWorkflow.Name, OffboardingWorkflow.RunAsync);
        registry.AddOrchestratorFunc<AccountDeletionInput, string>(AccountDeletionWorkflow.Name, AccountDeletionWorkflow.RunAsync);
        foreach (var activity in Activities)
        {
            activity.Register(registry);
        }

        return registry;
    }

    private static DexActivity Activity<TIn, TOut>(string name, Func<RequestActivities, TIn, Task<TOut>> run)
        => On<RequestActivities, TIn, TOut>(name, (a, _, i) => run(a, i));

    private static DexActivity GrantActivity<TIn, TOut>(string name, Func<GrantActivities, IServiceProvider, TIn, Task<TOut>> run)
        => On(name, run);

    private static DexActivity QuestionActivity<TIn, TOut>(string name, Func<QuestionActivities, TIn, Task<TOut>> run)
        => On<QuestionActivities, TIn, TOut>(name, (a, _, i) => run(a, i));

    private static DexActivity OffboardingActivity<TIn, TOut>(string name, Func<OffboardingActivities, IServiceProvider, TIn, Task<TOut>> run)
        => On(name, run);

    private static DexActivity On<TService, TIn, TOut>(string name, Func<TService, IServiceProvider, TIn, Task<TOut>> run)
        where TService : notnull
        => new(name, typeof(TIn), typeof(TOut), registry => registry.AddActivity(name, sp => new ServiceActivity<TService, TIn, TOut>(sp, run)));

    private sealed class VerifierActivity(IServiceProvider services) : TaskActivity<Approvals.ApprovalEventCheck, string?>
    {
        public override Task<string?> RunAsync(TaskActivityContext context, Approvals.ApprovalEventCheck input)
            => services.GetRequiredService<Approvals.ApprovalEventVerifier>().VerifyAsync(input);
    }

    /// <summary>Runs an activity method on its service (request, grant, question or offboarding activities) resolved from the worker's services.</summary>
    private sealed class ServiceActivity<TService, TIn, TOut>(IServiceProvider services, Func<TService, IServiceProvider, TIn, Task<TOut>> run) : TaskActivity<TIn, TOut>
        where TService : notnull
    {
        public override Task<TOut> RunAsync(TaskActivityContext context, TIn input)
            => run(services.GetRequiredService<TService>(), services, input);
    }
}
