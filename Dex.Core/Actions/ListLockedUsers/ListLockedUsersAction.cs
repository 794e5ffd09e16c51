using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.ListLockedUsers;

/// <summary>list_locked_users: disabled accounts, optionally in one department.</summary>
public sealed class ListLockedUsersAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.ListLockedUsers,
        Description = "List locked (disabled) accounts, optionally in one department.",
        Target = ActionTarget.None,
        ReadOnly = true,
        Parameters = [new("department", "Department as written, only if one was named.")],
    };

    public override string Describe(PlannedStep step, bool self)
        => step?.Parameters.TryGetValue("department", out var d) == true ? $"List disabled accounts in {d}" : "List disabled accounts";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var department = step.Parameters.GetValueOrDefault("department");
        var users = await execution.Directory.ListDisabledUsersAsync(department, cancellationToken);
        var items = users.Select(u => new StepItemResult(u.UserPrincipalName, "disabled", $"{u.DisplayName}, {u.Department ?? "-"}")).ToList();
        var where = department is null ? string.Empty : $" in {department}";
        return new StepOutcome(step.Index, StepStatus.Succeeded, $"{items.Count} disabled account(s){where}{StepExecution.List(items.Select(i => $"{i.Target} ({i.Message})"))}", items);
    }
}
