using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.ListGroupMembers;

/// <summary>list_group_members: who belongs to a group.</summary>
public sealed class ListGroupMembersAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.ListGroupMembers,
        Description = "List who belongs to a group.",
        Target = ActionTarget.None,
        ReadOnly = true,
        Parameters = [UserFieldSets.RequiredGroup],
    };

    public override string? Validate(IntendedStep step) => ValidateGroup(step, allowApp: false);

    public override Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
        => (planning ?? throw new ArgumentNullException(nameof(planning))).ResolveGroupAsync(allowApp: false, cancellationToken);

    public override string Describe(PlannedStep step, bool self) => $"List the members of {GroupName(step)}";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var group = StepExecution.RequireGroup(step);
        var members = await execution.Directory.GetGroupMembersAsync(group.Id, cancellationToken);
        var items = members.OrderBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase).Select(u => new StepItemResult(u.UserPrincipalName, "member", u.DisplayName)).ToList();
        return new StepOutcome(step.Index, StepStatus.Succeeded, $"\"{group.DisplayName}\" has {items.Count} member(s){StepExecution.List(items.Select(i => $"{i.Message} ({i.Target})"))}", items);
    }
}
