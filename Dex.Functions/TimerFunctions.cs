using Dex.Core.Discovery;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Dex.Functions;

/// <summary>Scheduled discovery on <c>Dex:Discovery:Schedule</c> (NCRONTAB, default nightly at 02:00 UTC).</summary>
public sealed class TimerFunctions(DiscoveryService discovery, Dex.Core.Grants.GrantReconciler grants, ILogger<TimerFunctions> logger)
{
    [Function("Discovery")]
    public async Task Run([TimerTrigger("%Dex:Discovery:Schedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var snapshot = await discovery.RunAsync("timer", cancellationToken);
        logger.LogInformation("Discovery done: {Summary}", snapshot.Summary);

        // Time-bound grants whose orchestration is gone or failed are ended (or restarted) on the same schedule.
        var reconciled = await grants.RunAsync(client, cancellationToken);
        logger.LogInformation("Grant reconciliation: {Ended} ended, {Restarted} restarted", reconciled.Ended, reconciled.Restarted);
    }
}
