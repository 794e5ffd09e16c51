using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using CoreQuery = DurableTask.Core.Query.OrchestrationQuery;

namespace Dex.Local.Durable;

/// <summary>
/// A <see cref="DurableTaskClient"/> writing straight to the Azure Storage orchestration service (no sidecar): start, raise,
/// query, terminate. Payloads use the same <see cref="DataConverter"/> as the worker's shims, so the orchestrators read them
/// exactly as on the in-memory engine.
/// </summary>
public sealed class OrchestrationServiceDurableTaskClient(AzureStorageEngine engine) : DurableTaskClient("dex")
{
    // Any existing instance with the id blocks a second start: a re-delivered message never runs twice.
    private static readonly OrchestrationStatus[] AllStatuses = Enum.GetValues<OrchestrationStatus>();
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly DataConverter _converter = JsonDataConverter.Default;

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        await engine.EnsureCreatedAsync(cancellation);
        var instance = new OrchestrationInstance
        {
            InstanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N"),
            ExecutionId = Guid.NewGuid().ToString("N"),
        };
        var started = new ExecutionStartedEvent(-1, _converter.Serialize(input))
        {
            Name = orchestratorName.Name,
            Version = string.Empty,
            OrchestrationInstance = instance,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
            Tags = options?.Tags is { Count: > 0 } tags ? new Dictionary<string, string>(tags) : null,
        };
        try
        {
            await engine.Service.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = instance, Event = started }, AllStatuses);
        }
        catch (OrchestrationAlreadyExistsException e)
        {
            throw new InvalidOperationException($"An orchestration with instance id '{instance.InstanceId}' already exists.", e);
        }

        return instance.InstanceId;
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
        => SendAsync(instanceId, new EventRaisedEvent(-1, _converter.Serialize(eventPayload)) { Name = eventName });

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
        => engine.Service.ForceTerminateTaskOrchestrationAsync(instanceId, _converter.Serialize(options?.Output));

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason));

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => SendAsync(instanceId, new ExecutionResumedEvent(-1, reason));

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await engine.EnsureCreatedAsync(cancellation);
        var states = await engine.Service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: getInputsAndOutputs);
        var state = states?.FirstOrDefault(s => s is not null);
        return state is null ? null : ToMetadata(state, getInputsAndOutputs);
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
        => Pageable.Create(async (string? continuation, int? pageSize, CancellationToken cancellation) =>
        {
            await engine.EnsureCreatedAsync(cancellation);
            var query = new CoreQuery
            {
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                RuntimeStatus = filter?.Statuses?.Select(s => (OrchestrationStatus)s).ToList(),
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                PageSize = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
            };
            var result = await engine.Service.GetOrchestrationWithQueryAsync(query, cancellation);
            var items = result.OrchestrationState.Select(s => ToMetadata(s, query.FetchInputsAndOutputs)).ToList();
            return new Page<OrchestrationMetadata>(items, string.IsNullOrEmpty(result.ContinuationToken) ? null : result.ContinuationToken);
        });

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => WaitAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => WaitAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    public override async Task<Microsoft.DurableTask.Client.PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var result = await engine.Service.PurgeInstanceHistoryAsync(instanceId);
        return new Microsoft.DurableTask.Client.PurgeResult(result.InstancesDeleted);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task SendAsync(string instanceId, HistoryEvent e)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await engine.EnsureCreatedAsync(CancellationToken.None);
        await engine.Service.SendTaskOrchestrationMessageAsync(new TaskMessage { OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId }, Event = e });
    }

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        while (true)
        {
            var meta = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);
            if (meta is not null && done(meta))
            {
                return meta;
            }

            await Task.Delay(PollInterval, cancellation);
        }
    }

    private OrchestrationMetadata ToMetadata(OrchestrationState s, bool withPayloads) => new(s.Name, s.OrchestrationInstance.InstanceId)
    {
        DataConverter = _converter,
        RuntimeStatus = (OrchestrationRuntimeStatus)s.OrchestrationStatus,
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(s.CreatedTime, DateTimeKind.Utc)),
        LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(s.LastUpdatedTime, DateTimeKind.Utc)),
        SerializedInput = withPayloads ? s.Input : null,
        SerializedOutput = withPayloads ? s.Output : null,
        SerializedCustomStatus = s.Status,
        FailureDetails = s.FailureDetails is { } f ? new TaskFailureDetails(f.ErrorType, f.ErrorMessage, f.StackTrace, null, null) : null,
    };
}
