using Dex.Core.Directory;
using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.UnlockUser;

/// <summary>unlock_user: re-enables one disabled account or a list of them (batched).</summary>
public sealed class UnlockUserAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.UnlockUser,
        Description = "Unlock / re-enable a disabled account. Use targets for a list of several people.",
        Target = ActionTarget.PersonOrList,
    };

    public override Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        return Task.FromResult(planning.Draft.Target is null && planning.Draft.Targets.Count == 0
            ? StepPlan.Fail("Say which accounts to unlock, e.g. \"unlock kevin@acme.com, priya@acme.com\".")
            : StepPlan.Ok(planning.Step()));
    }

    public override string Describe(PlannedStep step, bool self)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Targets.Count > 0
            ? $"Re-enable {step.Targets.Count} account(s): {string.Join(", ", step.Targets.Select(t => t.UserPrincipalName))}"
            : $"Re-enable the account of {Who(step, self)}";
    }

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var users = step.Targets.Count > 0 ? step.Targets : [StepExecution.RequireTarget(step)];
        var items = await execution.Directory.EnableAccountsAsync([.. users.Select(u => u.Id)], cancellationToken: cancellationToken);
        var relabelled = items.Select(i => i with { Target = users.FirstOrDefault(u => u.Id == i.Target)?.UserPrincipalName ?? i.Target }).ToList();
        var summary = string.Join(", ", relabelled.GroupBy(i => i.Status).Select(g => $"{g.Count()} {g.Key.Replace('_', ' ')}"));
        var failed = relabelled.Count(i => i.Status is ItemStatus.Failed or ItemStatus.NotFound);
        var detail = string.Join("; ", relabelled.Take(StepExecution.ListedInReply).Select(i => $"{i.Target}: {i.Message}"));
        return new StepOutcome(step.Index, failed == relabelled.Count ? StepStatus.Failed : StepStatus.Succeeded, $"Unlock: {summary}. {detail}", relabelled);
    }
}
