using Dex.Core.Directory;
using Dex.Core.Requests;

namespace Dex.Core.Workflows;

/// <summary>The outcome of one executed step.</summary>
public sealed record StepOutcome(int Index, string Status, string Message, IReadOnlyList<StepItemResult>? Items = null)
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}

/// <summary>Performs planned steps against the directory. Each operation is idempotent so a retried activity is safe.</summary>
public sealed class StepExecutor(DirectoryService directory)
{
    public async Task<StepOutcome> ExecuteAsync(PlannedStep step, RequesterContext requester, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(requester);
        switch (step.Action)
        {
            case DexActions.UpdateUserProfile:
            case DexActions.UpdateUser:
            {
                var target = Require(step);
                await directory.UpdateUserAsync(target.Id, step.Fields, cancellationToken);
                var changed = string.Join(" and ", step.Fields.Select(f => $"{FieldValidation.Label(f.Key)} is now {f.Value}"));
                var whose = string.Equals(target.Id, requester.Id, StringComparison.OrdinalIgnoreCase) ? "your profile" : $"the profile of {target.DisplayName} ({target.UserPrincipalName})";
                return new StepOutcome(step.Index, StepOutcome.Succeeded, $"Updated {whose}: {changed}.");
            }

            case DexActions.MfaReset:
            {
                var target = Require(step);
                var result = await directory.ResetMfaAsync(target.Id, cancellationToken);
                var removed = result.RemovedMethods.Count == 0
                    ? "no MFA methods were registered"
                    : "removed " + string.Join(", ", result.RemovedMethods.Select(AuthMethodTypes.Describe));
                return new StepOutcome(
                    step.Index,
                    StepOutcome.Succeeded,
                    $"MFA reset for {Name(target, requester)}: {removed}; signed out of all sessions. At next sign-in they will be asked to set up the authenticator again.");
            }

            default:
                return new StepOutcome(step.Index, StepOutcome.Failed, $"{step.Action} is not available yet in this version of Dex.");
        }
    }

    private static TargetRef Require(PlannedStep step)
        => step.Target ?? throw new DirectoryException($"{step.Action} needs a target user.", 400);

    private static string Name(TargetRef t, RequesterContext requester)
        => string.Equals(t.Id, requester.Id, StringComparison.OrdinalIgnoreCase) ? "you" : $"{t.DisplayName} ({t.UserPrincipalName})";
}
