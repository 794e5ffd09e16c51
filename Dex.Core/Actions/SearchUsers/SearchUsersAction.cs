using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.SearchUsers;

/// <summary>search_users: users matching the criteria given (name, UPN, e-mail, department, job title, status).</summary>
public sealed class SearchUsersAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.SearchUsers,
        Description = "Search users by name, UPN, e-mail, department, job title or account status. Only the criteria given.",
        Target = ActionTarget.None,
        ReadOnly = true,
        FieldsShape = FieldsShape.TopLevel,
        Fields = UserFieldSets.Search,
        PublicFieldsKey = "query",
    };

    public override string Describe(PlannedStep step, bool self)
        => $"Search users where {string.Join(", ", step.Fields.Select(f => $"{f.Key} = {f.Value}"))}";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var users = await execution.Directory.SearchUsersAsync(step.Fields, cancellationToken: cancellationToken);
        var items = users.Select(u => new StepItemResult(u.UserPrincipalName, u.AccountEnabled ? "enabled" : "disabled", $"{u.DisplayName}, {u.JobTitle ?? "-"}, {u.Department ?? "-"}")).ToList();
        return new StepOutcome(step.Index, StepStatus.Succeeded, $"Found {items.Count} user(s){StepExecution.List(items.Select(i => $"{i.Target} ({i.Message}{(i.Status == "disabled" ? ", disabled" : string.Empty)})"))}", items);
    }
}
