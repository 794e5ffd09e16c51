using Dex.Core.Grants;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Dex.Core.Workflows;

/// <summary>The activities of <see cref="GrantWorkflow"/>; each is idempotent (a retry converges).</summary>
public sealed class GrantActivities(GrantService grants, ILogger<GrantActivities> logger)
{
    /// <summary>Starts the grant's orchestration (instance id = grant id) once its access is given; a second start is a no-op.</summary>
    public async Task<bool> StartGrantClock(StartGrantInput input, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(client);
        var grant = await grants.Store.GetAsync(input.GrantId);
        if (grant is not { IsLive: true, EndsAt: { } ends })
        {
            return false;
        }

        return await StartAsync(client, grant.Id, new GrantClockInput(grant.Id, ends, grant.Reminders), logger);
    }

    public Task<bool> RemindGrant(GrantReminderInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return grants.RemindAsync(input.GrantId, input.Before, CancellationToken.None);
    }

    public Task<GrantEnd> EndGrant(EndGrantInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return grants.EndAsync(input.GrantId, input.Early, input.Reason, CancellationToken.None);
    }

    /// <summary>Schedules the grant orchestration unless one with that id exists; true when this call started it.</summary>
    public static async Task<bool> StartAsync(DurableTaskClient client, string grantId, GrantClockInput input, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        var existing = await client.GetInstanceAsync(grantId, getInputsAndOutputs: false);
        if (existing is not null && existing.RuntimeStatus is not (OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated))
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(GrantWorkflow.Name, input, new StartOrchestrationOptions(grantId));
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException || e.GetType().Name == "RpcException")
        {
            // A retried activity raced its first run, which started it.
            logger.LogInformation("Grant {GrantId} was already started: {Message}", grantId, e.Message);
            return false;
        }
    }
}
