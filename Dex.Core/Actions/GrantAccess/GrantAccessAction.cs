using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.GrantAccess;

/// <summary>grant_access: adds a user to a security or Microsoft 365 group, or assigns an enterprise app. Never a directory role.</summary>
public sealed class GrantAccessAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.GrantAccess,
        Description = "Add a user to a security group or Microsoft 365 group (group), or to an enterprise app (app). Never a directory role.",
        Parameters =
        [
            new("group", "Group display name as written, without quotes."),
            new("app", "Enterprise app name as written."),
        ],
    };

    public override string? Validate(IntendedStep step) => ValidateGroup(step, allowApp: true);

    public override Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
        => (planning ?? throw new ArgumentNullException(nameof(planning))).ResolveGroupAsync(allowApp: true, cancellationToken);

    public override Task<string?> ObserveAsync(StepPlanning planning, PlannedStep step, CancellationToken cancellationToken)
        => MembershipObservation.ObserveAsync(planning, step, cancellationToken);

    public override string Describe(PlannedStep step, bool self) => $"Add {Who(step, self)} to {GroupName(step)}";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var target = StepExecution.RequireTarget(step);
        var group = StepExecution.RequireGroup(step);
        var change = group.Kind == GroupKind.App
            ? await execution.Directory.AssignAppAsync(target.Id, group.Id, group.DisplayName, cancellationToken)
            : await execution.Directory.AddMemberAsync(group.Id, group.DisplayName, target.Id, cancellationToken);
        return StepExecution.Ok(step, $"{StepExecution.Capital(execution.Name(target))} {(execution.IsSelf(target) ? StepExecution.SelfVoice(change.Message) : change.Message)}.");
    }
}
