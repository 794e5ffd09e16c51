using Dex.Core.Workflows;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Dex.Core.Grants;

/// <summary>What one reconciliation pass found and did.</summary>
public sealed record ReconcileResult(int Checked, int Ended, int Restarted);

/// <summary>
/// The safety net run with discovery: a live grant whose orchestration is gone, failed or terminated is ended when its
/// time is over (audited as reconciled), or gets its orchestration back when time is left.
/// </summary>
public sealed class GrantReconciler(GrantService grants, ILogger<GrantReconciler> logger)
{
    public async Task<ReconcileResult> RunAsync(DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var open = await grants.Store.ListOpenAsync(cancellationToken: cancellationToken);
        int ended = 0, restarted = 0, checkedCount = 0;
        foreach (var grant in open.Where(g => g is { IsLive: true, EndsAt: not null }))
        {
            checkedCount++;
            var instance = await client.GetInstanceAsync(grant.Id, getInputsAndOutputs: false, cancellationToken);
            if (instance is not null && instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Completed))
            {
                continue; // its own clock is running
            }

            var state = instance is null ? "gone" : instance.RuntimeStatus.ToString().ToLowerInvariant();
            if (grant.EndsAt <= grants.Now)
            {
                var end = await grants.EndAsync(grant.Id, early: false, $"reconciled (orchestration {state})", cancellationToken);
                await grants.ReconciledAsync(grant, $"orchestration {state}; ended at reconciliation: {end.Message}", cancellationToken);
                ended++;
            }
            else if (await GrantActivities.StartAsync(client, grant.Id, new GrantClockInput(grant.Id, grant.EndsAt!.Value, grant.Reminders), logger))
            {
                await grants.ReconciledAsync(grant, $"orchestration {state}; restarted its clock", cancellationToken);
                restarted++;
            }
        }

        if (ended + restarted > 0)
        {
            logger.LogInformation("Grant reconciliation: {Ended} ended, {Restarted} restarted of {Checked} live grants", ended, restarted, checkedCount);
        }

        return new ReconcileResult(checkedCount, ended, restarted);
    }
}
