using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.RevokeAccess;

/// <summary>revoke_access: removes a user from a group; any time-bound grant of that membership ends with it.</summary>
public sealed class RevokeAccessAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.RevokeAccess,
        Description = "Remove a user from a group.",
        Parameters = [UserFieldSets.RequiredGroup],
    };

    public override string? Validate(IntendedStep step) => ValidateGroup(step, allowApp: false);

    public override Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
        => (planning ?? throw new ArgumentNullException(nameof(planning))).ResolveGroupAsync(allowApp: false, cancellationToken);

    public override Task<string?> ObserveAsync(StepPlanning planning, PlannedStep step, CancellationToken cancellationToken)
        => MembershipObservation.ObserveAsync(planning, step, cancellationToken);

    public override string Describe(PlannedStep step, bool self) => $"Remove {Who(step, self)} from {GroupName(step)}";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var target = StepExecution.RequireTarget(step);
        var group = StepExecution.RequireGroup(step);
        var change = await execution.Directory.RemoveMemberAsync(group.Id, group.DisplayName, target.Id, cancellationToken);
        await execution.Grants.CloseForRemovalAsync(target.Id, group.Id, execution.RequestId, cancellationToken);
        return StepExecution.Ok(step, $"{StepExecution.Capital(execution.Name(target))} {(execution.IsSelf(target) ? StepExecution.SelfVoice(change.Message) : change.Message)}.");
    }
}
