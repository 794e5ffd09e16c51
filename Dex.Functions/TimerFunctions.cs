using Dex.Core.Discovery;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Dex.Functions;

/// <summary>Scheduled discovery on <c>Dex:Discovery:Schedule</c> (NCRONTAB, default nightly at 02:00 UTC).</summary>
public sealed class TimerFunctions(DiscoveryService discovery, ILogger<TimerFunctions> logger)
{
    [Function("Discovery")]
    public async Task Run([TimerTrigger("%Dex:Discovery:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var snapshot = await discovery.RunAsync("timer", cancellationToken);
        logger.LogInformation("Discovery done: {Summary}", snapshot.Summary);
    }
}
