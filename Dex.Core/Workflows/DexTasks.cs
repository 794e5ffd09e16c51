using Dex.Core.Audit;
using Dex.Core.Requests;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Core.Workflows;

/// <summary>Registers Dex's orchestrator and activities on a durable worker (Dex.Local, tests). Dex.Functions registers the same via [Function] wrappers.</summary>
public static class DexTasks
{
    public static DurableTaskRegistry AddDexTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestratorFunc<RequestInput, RequestView>(nameof(RequestWorkflow), RequestWorkflow.RunAsync);
        Add<UnderstandInput, Understanding.UnderstandingResult>(registry, nameof(RequestActivities.Understand), (a, i) => a.Understand(i));
        Add<InvestigateInput, Plan>(registry, nameof(RequestActivities.Investigate), (a, i) => a.Investigate(i));
        Add<PolicyInput, PolicyDecision>(registry, nameof(RequestActivities.EvaluatePolicy), (a, i) => a.EvaluatePolicy(i));
        Add<ApprovalRequestInput, int>(registry, nameof(RequestActivities.RequestApprovals), (a, i) => a.RequestApprovals(i));
        Add<EligibilityInput, bool>(registry, nameof(RequestActivities.CheckApproverEligible), (a, i) => a.CheckApproverEligible(i));
        Add<ExecuteStepInput, StepOutcome>(registry, nameof(RequestActivities.ExecuteStep), (a, i) => a.ExecuteStep(i));
        Add<NotifyInput, bool>(registry, nameof(RequestActivities.Notify), (a, i) => a.Notify(i));
        Add<AuditEvent, bool>(registry, nameof(RequestActivities.RecordAudit), (a, i) => a.RecordAudit(i));
        registry.AddActivity(Approvals.ApprovalEventVerifier.ActivityName, sp => new VerifierActivity(sp));
        return registry;
    }

    private static void Add<TIn, TOut>(DurableTaskRegistry registry, string name, Func<RequestActivities, TIn, Task<TOut>> run)
        => registry.AddActivity(name, sp => new ServiceActivity<TIn, TOut>(sp, run));

    private sealed class VerifierActivity(IServiceProvider services) : TaskActivity<Approvals.ApprovalEventCheck, string?>
    {
        public override Task<string?> RunAsync(TaskActivityContext context, Approvals.ApprovalEventCheck input)
            => services.GetRequiredService<Approvals.ApprovalEventVerifier>().VerifyAsync(input);
    }

    /// <summary>Runs an activity method on a RequestActivities resolved from the worker's services.</summary>
    private sealed class ServiceActivity<TIn, TOut>(IServiceProvider services, Func<RequestActivities, TIn, Task<TOut>> run) : TaskActivity<TIn, TOut>
    {
        public override Task<TOut> RunAsync(TaskActivityContext context, TIn input)
            => run(services.GetRequiredService<RequestActivities>(), input);
    }
}
