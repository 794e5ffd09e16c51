using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.UnblockSignIn;

/// <summary>unblock_signin: dismisses Identity Protection risk and re-enables the account if it was blocked.</summary>
public sealed class UnblockSignInAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.UnblockSignIn,
        Description = "Unblock a sign-in blocked or flagged by Identity Protection risk.",
    };

    public override string Describe(PlannedStep step, bool self)
        => self
            ? "Dismiss your sign-in risk and re-enable your account if it was blocked"
            : $"Dismiss the sign-in risk of {Who(step, self)} and re-enable the account if it was blocked";

    /// <summary>Unblocking already re-enables a blocked account: a separate unlock of the same person is redundant.</summary>
    public override bool Supersedes(PlannedStep mine, PlannedStep other)
        => mine is { Target: not null } && other is { Action: DexActions.UnlockUser, Targets.Count: 0, Target: not null } && other.Target.Id == mine.Target.Id;

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var target = StepExecution.RequireTarget(step);
        var r = await execution.Directory.UnblockSignInAsync(target.Id, cancellationToken);
        var risk = r.RiskStateBefore is null or "none" ? "had no sign-in risk recorded" : $"risk {r.RiskLevelBefore ?? "unknown"} ({r.RiskStateBefore}) is now {r.RiskStateAfter}";
        return StepExecution.Ok(step, $"Unblocked sign-in for {execution.Name(target)}: {risk}{(r.Reenabled ? "; the account was disabled and is enabled again" : string.Empty)}.");
    }
}
