using Dex.Core.Grants;
using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.EndAccess;

/// <summary>
/// end_access: ends a live time-bound grant now ("revoke it now"). Like expiry, it removes only what the grant added
/// and no other live grant covers.
/// </summary>
public sealed class EndAccessAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.EndAccess,
        Description = "End a user's live temporary (time-bound) access now; with no group or app named, their only live temporary access.",
        Parameters =
        [
            new("group", "Group display name of the temporary access, as written; omit when not named."),
            new("app", "Enterprise app name of the temporary access, as written; omit when not named."),
        ],
    };

    public override async Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        var (step, _, problem) = await GrantLookup.FindAsync(planning, cancellationToken);
        return step is null ? StepPlan.Fail(problem ?? "That temporary access is not live.") : StepPlan.Ok(step);
    }

    public override string Describe(PlannedStep step, bool self) => $"End the temporary access of {Who(step, self)} to {GroupName(step)} now";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        StepExecution.RequireTarget(step);
        var grantId = step.Parameters.GetValueOrDefault(GrantLookup.GrantIdKey) ?? throw new Directory.DirectoryException("end_access needs a grant.", 400);
        var end = await execution.Grants.EndAsync(grantId, early: true, $"ended by {execution.Requester.UserPrincipalName}", cancellationToken);
        return StepExecution.Ok(step, end.Ended ? $"Temporary access ended. {end.Message}" : $"That temporary access had already ended. {end.Message}");
    }
}
