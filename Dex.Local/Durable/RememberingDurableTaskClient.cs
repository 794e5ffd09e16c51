using System.Text.Json;
using Dex.Core.Requests;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;

namespace Dex.Local.Durable;

/// <summary>
/// Keeps the ids of started requests in the <see cref="LocalLedger"/>: a second start of an accepted id is refused
/// (the API then answers with the original request), and an accepted request the engine no longer knows (the in-memory
/// engine after a restart) reads as lost instead of "not found", so nothing re-runs it.
/// </summary>
public sealed class RememberingDurableTaskClient(DurableTaskClient inner, LocalLedger ledger) : DurableTaskClient(inner?.Name ?? "dex")
{
    public const string LostReply = "Dex.Local restarted while this request was in progress on the in-memory engine, so it was lost; nothing more will happen. Ask again if it is still needed.";

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        if (options?.InstanceId is { } id && await ledger.WasAcceptedAsync(id, cancellation))
        {
            throw new InvalidOperationException($"Request '{id}' was already accepted.");
        }

        var started = await inner.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation);
        await ledger.RecordAcceptedAsync(started, cancellation);
        return started;
    }

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var meta = await inner.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);
        if (meta is not null || !await ledger.WasAcceptedAsync(instanceId, cancellation))
        {
            return meta;
        }

        var lost = new RequestView { Id = instanceId, Status = RequestStatus.Failed, Requester = string.Empty, Reply = LostReply };
        return new OrchestrationMetadata("RequestWorkflow", instanceId)
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Completed,
            SerializedOutput = JsonSerializer.Serialize(lost, Dex.Core.DexJson.Options),
            SerializedCustomStatus = null,
            DataConverter = JsonDataConverter.Default,
        };
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
        => inner.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
        => inner.TerminateInstanceAsync(instanceId, options, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => inner.SuspendInstanceAsync(instanceId, reason, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => inner.ResumeInstanceAsync(instanceId, reason, cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => inner.GetAllInstancesAsync(filter);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => inner.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
        => inner.PurgeInstanceAsync(instanceId, options, cancellation);

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
        => inner.PurgeAllInstancesAsync(filter, options, cancellation);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
