using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.ListUserGroups;

/// <summary>list_user_groups: which groups a user belongs to.</summary>
public sealed class ListUserGroupsAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.ListUserGroups,
        Description = "List the groups a user belongs to.",
        ReadOnly = true,
    };

    public override string Describe(PlannedStep step, bool self) => self ? "List your groups" : $"List the groups of {Who(step, self)}";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var target = StepExecution.RequireTarget(step);
        var membership = await execution.Directory.GetMembershipAsync(target.Id, cancellationToken);
        var items = membership.Groups.OrderBy(g => g.DisplayName, StringComparer.OrdinalIgnoreCase).Select(g => new StepItemResult(g.DisplayName, "member", g.KindLabel)).ToList();
        var whose = execution.IsSelf(target) ? "You are" : $"{target.DisplayName} is";
        return new StepOutcome(step.Index, StepStatus.Succeeded, $"{whose} in {items.Count} group(s){StepExecution.List(items.Select(i => $"{i.Target} ({i.Message})"))}", items);
    }
}
