using Dex.Core.Actions;
using Dex.Core.Requests;

namespace Dex.Core.Workflows;

/// <summary>The outcome of one executed step.</summary>
public sealed record StepOutcome(int Index, StepStatus Status, string Message, IReadOnlyList<StepItemResult>? Items = null)
{
    public const StepStatus Succeeded = StepStatus.Succeeded;
    public const StepStatus Failed = StepStatus.Failed;
    public const StepStatus Skipped = StepStatus.Skipped;
}

/// <summary>
/// Performs a planned step by handing it to its action. Each action's operation is idempotent so a
/// retried activity is safe; generated passwords go from the action to the vault and out through a
/// one-time link (<see cref="CredentialDelivery"/>), and appear in no outcome, log or exception.
/// </summary>
public sealed class StepExecutor(ActionCatalogue catalogue, ExecutionServices services)
{
    public async Task<StepOutcome> ExecuteAsync(string requestId, PlannedStep step, RequesterContext requester, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(requester);
        return catalogue.Find(step.Action) is { } action
            ? await action.ExecuteAsync(new StepExecution(services, requestId, requester), step, cancellationToken)
            : new StepOutcome(step.Index, StepStatus.Failed, $"{step.Action} is not something Dex can do.");
    }
}
