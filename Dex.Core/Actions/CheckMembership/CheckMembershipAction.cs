using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.CheckMembership;

/// <summary>check_membership: is the user in the group?</summary>
public sealed class CheckMembershipAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.CheckMembership,
        Description = "Check whether a user is in a group.",
        ReadOnly = true,
        Parameters = [UserFieldSets.RequiredGroup],
    };

    public override string? Validate(IntendedStep step) => ValidateGroup(step, allowApp: false);

    public override Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
        => (planning ?? throw new ArgumentNullException(nameof(planning))).ResolveGroupAsync(allowApp: false, cancellationToken);

    public override string Describe(PlannedStep step, bool self)
        => self ? $"Check whether you are a member of {GroupName(step)}" : $"Check whether {Who(step, self)} is a member of {GroupName(step)}";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var target = StepExecution.RequireTarget(step);
        var group = StepExecution.RequireGroup(step);
        var member = await execution.Directory.IsMemberAsync(target.Id, group.Id, cancellationToken);
        var verb = execution.IsSelf(target) ? (member ? "are" : "are not") : (member ? "is" : "is not");
        return StepExecution.Ok(step, $"{StepExecution.Capital(execution.Name(target))} {verb} a member of \"{group.DisplayName}\".");
    }
}
