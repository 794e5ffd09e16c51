using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.CancelDeletion;

/// <summary>
/// cancel_deletion: within an offboarding's delete window, "cancel the deletion of tom@acme.com" stops the timer; once the
/// account is deleted, "restore tom@acme.com" brings it back from deleted items. The account is named by address, not
/// resolved in the directory (a deleted account is not there); the request workflow runs it against the deletion timer.
/// </summary>
public sealed class CancelDeletionAction : DexAction
{
    public const string UserKey = "user";

    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.CancelDeletion,
        Description = "Cancel the scheduled deletion of an offboarded account, or restore it from deleted items if it was already deleted.",
        Target = ActionTarget.None,
        Parameters = [new ActionParameter(UserKey, "The offboarded account's user principal name.", Required: true)],
    };

    public override Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        return Task.FromResult(planning.Parameters.GetValueOrDefault(UserKey) is { } user && Intake.MessageIntake.IsUpn(user)
            ? StepPlan.Ok(planning.Step())
            : StepPlan.Fail("Name the offboarded account by its address, e.g. \"cancel the deletion of tom@acme.com\"."));
    }

    public override string Describe(PlannedStep step, bool self)
    {
        ArgumentNullException.ThrowIfNull(step);
        return $"Cancel the scheduled deletion of {step.Parameters.GetValueOrDefault(UserKey)} (restore it from deleted items if already deleted)";
    }

    /// <summary>The deletion timer lives in the durable engine: the request workflow runs this step (<see cref="OffboardingWorkflow.Runs"/>).</summary>
    public override Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        return Task.FromResult(new StepOutcome(step.Index, StepStatus.Failed, "Cancelling a deletion runs inside the request workflow."));
    }
}
