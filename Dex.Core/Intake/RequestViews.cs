using System.Text.Json;
using Dex.Core.Requests;
using Microsoft.DurableTask.Client;

namespace Dex.Core.Intake;

/// <summary>Reads a request's public view from its orchestration: the output when done, else the live custom status.</summary>
public static class RequestViews
{
    public const int MaxIdLength = 100;

    /// <summary>The view of request <paramref name="id"/>; null when there is no such request (or the id cannot be one).</summary>
    public static async Task<RequestView?> FindAsync(DurableTaskClient durable, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength)
        {
            return null;
        }

        var meta = await durable.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        return meta is null ? null : Read(meta);
    }

    /// <summary>The view from the orchestration; a crashed orchestration reads as failed.</summary>
    public static RequestView Read(OrchestrationMetadata meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        RequestView? view = null;
        if (meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed && meta.SerializedOutput is { Length: > 0 } output)
        {
            view = JsonSerializer.Deserialize<RequestView>(output, DexJson.Options);
        }

        if (view is null && meta.SerializedCustomStatus is { Length: > 0 } custom)
        {
            view = JsonSerializer.Deserialize<RequestView>(custom, DexJson.Options);
        }

        if (meta.RuntimeStatus == OrchestrationRuntimeStatus.Terminated && meta.SerializedOutput is { Length: > 0 } ended
            && JsonSerializer.Deserialize<RequestView>(ended, DexJson.Options) is { Status: RequestStatus.Cancelled } cancelled)
        {
            return cancelled; // ended by Dex itself (the requester was offboarded), with the view it left
        }

        if (meta.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
        {
            view = (view ?? new RequestView { Id = meta.InstanceId, Status = RequestStatus.Failed, Requester = string.Empty })
                with { Status = RequestStatus.Failed, Reply = "Something went wrong while working on this request; nothing further will happen. The audit trail has the details." };
        }

        return view ?? new RequestView { Id = meta.InstanceId, Status = RequestStatus.Planning, Requester = string.Empty };
    }
}
