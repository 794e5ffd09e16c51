using Dex.Core.Actions.OffboardUser;
using Dex.Core.Audit;
using Dex.Core.Directory;
using Dex.Core.Intake;
using Dex.Core.Notifications;
using Dex.Core.Requests;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Dex.Core.Workflows;

/// <summary>
/// The activities of <see cref="OffboardingWorkflow"/>: one change each. Every one reads the current state before it
/// writes, so an activity retried after a crash or a Graph fault finds its own earlier work done and does it not again;
/// each audits its change with a stable id (a retry's entry is the same entry).
/// </summary>
public sealed class OffboardingActivities(DirectoryService directory, IAuditLog audit, INotifier notifier, TimeProvider time, ILogger<OffboardingActivities> logger)
{
    public async Task<OffboardChange> DisableSignIn(OffboardChangeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var state = await directory.GetSignInStateAsync(input.Target.UserId);
        if (!state.AccountEnabled)
        {
            return await AuditAsync(input, "sign-in", new("sign-in", OffboardChangeStatus.Already, "sign-in was already disabled"));
        }

        await directory.DisableAccountAsync(input.Target.UserId);
        return await AuditAsync(input, "sign-in", new("sign-in", OffboardChangeStatus.Done, "sign-in disabled"));
    }

    public async Task<OffboardChange> RevokeSessions(OffboardChangeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);

        // Sessions valid only from after planning: this offboarding already revoked them.
        var state = await directory.GetSignInStateAsync(input.Target.UserId);
        if (state.SessionsValidFrom is { } from && from >= input.PlannedAt)
        {
            return await AuditAsync(input, "sessions", new("sessions", OffboardChangeStatus.Already, "sign-in sessions were already revoked"));
        }

        await directory.RevokeSessionsAsync(input.Target.UserId);
        return await AuditAsync(input, "sessions", new("sessions", OffboardChangeStatus.Done, "sign-in sessions revoked"));
    }

    /// <summary>
    /// Removes the leaver from up to 20 groups in one <c>$batch</c>. Throttled items are retried inside the batch; what
    /// still failed transiently comes back marked so, for the orchestrator to try again after a durable wait.
    /// </summary>
    public async Task<IReadOnlyList<OffboardChange>> RemoveGroupMemberships(OffboardChangeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var names = input.Items.ToDictionary(i => i.Id, i => i.Name, StringComparer.OrdinalIgnoreCase);
        var removals = await directory.RemoveMembershipsAsync(input.Target.UserId, [.. names.Keys]);
        var changes = new List<OffboardChange>();
        foreach (var r in removals)
        {
            var name = names[r.GroupId];
            var change = r switch
            {
                { Removed: true } => new OffboardChange($"group {name}", OffboardChangeStatus.Done, $"removed from \"{name}\""),
                { WasMember: false } => new OffboardChange($"group {name}", OffboardChangeStatus.Already, $"was not a member of \"{name}\" (any more)"),
                _ => new OffboardChange($"group {name}", OffboardChangeStatus.Failed, $"not removed from \"{name}\": {r.Error}", r.Transient),
            };

            // A transient failure is audited only once it is final (the orchestrator tries again first).
            changes.Add(change.Transient ? change : await AuditAsync(input, $"group:{r.GroupId}", change));
        }

        return changes;
    }

    public async Task<OffboardChange> RemoveAppAssignment(OffboardChangeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var app = input.Items.Single();
        var removed = await directory.RemoveAppAssignmentAsync(input.Target.UserId, app.Id);
        return await AuditAsync(input, $"app:{app.Id}", removed
            ? new($"app {app.Name}", OffboardChangeStatus.Done, $"app role assignment to \"{app.Name}\" removed")
            : new($"app {app.Name}", OffboardChangeStatus.Already, $"app role assignment to \"{app.Name}\" was already gone"));
    }

    /// <summary>Removes the planned direct licences still held directly, in one assignLicense call.</summary>
    public async Task<IReadOnlyList<OffboardChange>> RemoveDirectLicences(OffboardChangeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var items = await OffboardUserAction.RemoveLicencesAsync(directory, input.Target.UserId, input.Items, CancellationToken.None);
        var changes = new List<OffboardChange>();
        foreach (var (item, licence) in items.Zip(input.Items))
        {
            var status = item.Status switch { "done" => OffboardChangeStatus.Done, "already" => OffboardChangeStatus.Already, _ => OffboardChangeStatus.Failed };
            changes.Add(await AuditAsync(input, $"licence:{licence.Id}", new OffboardChange(item.Target, status, item.Message)));
        }

        return changes;
    }

    /// <summary>Tells the leaver's manager; the notification id is stable, so a re-send is the same message.</summary>
    public async Task<OffboardChange> NotifyLeaverManager(OffboardChangeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var manager = input.Items.Single();
        var t = input.Target;
        await notifier.SendAsync(new Notification
        {
            Id = $"{t.RequestId}:offboard:{t.UserId}:manager",
            Recipient = manager.Id,
            Kind = "outcome",
            RequestId = t.RequestId,
            Text = $"{t.DisplayName} ({t.UserPrincipalName}) has been offboarded by {t.Requester}: sign-in disabled, sessions revoked, group memberships, app access and direct licences removed.",
            At = input.At,
        });
        return await AuditAsync(input, "manager", new("manager", OffboardChangeStatus.Done, $"manager {manager.Id} notified"));
    }

    /// <summary>
    /// Cancels the leaver's own pending Dex requests: a question waiting for their answer is dropped the way the leaver
    /// could drop it, a request waiting for approval is ended as cancelled. Each is audited on the cancelled request.
    /// </summary>
    public async Task<IReadOnlyList<OffboardChange>> CancelPendingRequests(OffboardChangeInput input, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(client);
        var t = input.Target;
        var changes = new List<OffboardChange>();
        var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending], FetchInputsAndOutputs = true, PageSize = 100 };
        var pending = new List<RequestView>();
        await foreach (var meta in client.GetAllInstancesAsync(query))
        {
            if (meta.Name != nameof(RequestWorkflow) || meta.InstanceId == t.RequestId)
            {
                continue;
            }

            var view = RequestViews.Read(meta);
            if (string.Equals(view.Requester, t.UserPrincipalName, StringComparison.OrdinalIgnoreCase)
                && view.Status is RequestStatus.AwaitingApproval or RequestStatus.NeedsClarification)
            {
                pending.Add(view with { Id = meta.InstanceId });
            }
        }

        foreach (var view in pending.OrderBy(v => v.Id, StringComparer.Ordinal))
        {
            var reply = $"Cancelled: {t.UserPrincipalName} was offboarded (request {t.RequestId}). Nothing was changed.";
            if (view.Status == RequestStatus.NeedsClarification)
            {
                await client.RaiseEventAsync(view.Id, ClarificationAnswerEvent.EventName, new ClarificationAnswerEvent(string.Empty, input.At, Cancel: true));
            }
            else
            {
                await client.TerminateInstanceAsync(view.Id, new TerminateInstanceOptions(view with { Status = RequestStatus.Cancelled, Reply = reply, Clarification = null, UpdatedAt = time.GetUtcNow() }));
            }

            logger.LogInformation("Offboarding {RequestId} cancelled pending request {Pending}", t.RequestId, view.Id);
            await audit.AppendAsync(new AuditEvent
            {
                EventId = $"{view.Id}:cancelled_by_offboarding:{t.RequestId}",
                RequestId = view.Id,
                InstanceId = view.Id,
                Actor = "dex",
                Event = "cancelled",
                Action = view.Steps.Count == 1 ? view.Steps[0].Action : null,
                Target = t.UserPrincipalName,
                Outcome = Requests.Wire.Name(RequestStatus.Cancelled),
                Details = reply,
                At = input.At,
            });
            changes.Add(await AuditAsync(input, $"request:{view.Id}", new($"request {view.Id}", OffboardChangeStatus.Done, $"pending request {view.Id} ({Requests.Wire.Name(view.Status).Replace('_', ' ')}) cancelled")));
        }

        return changes;
    }

    /// <summary>Deletes the account when its deletion timer fires (to deletedItems: restorable for 30 days).</summary>
    public async Task<OffboardChange> DeleteOffboardedAccount(OffboardChangeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var deleted = await directory.DeleteUserAsync(input.Target.UserId);
        return await AuditAsync(input, "delete", deleted
            ? new("delete", OffboardChangeStatus.Done, $"account {input.Target.UserPrincipalName} deleted (restorable from deleted items for 30 days)")
            : new("delete", OffboardChangeStatus.Already, $"account {input.Target.UserPrincipalName} was already deleted"));
    }

    /// <summary>Starts the account's deletion timer (instance id from the user id); a timer already running is kept.</summary>
    public async Task<OffboardChange> ScheduleAccountDeletion(AccountDeletionInput input, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(client);
        var id = AccountDeletionWorkflow.InstanceIdFor(input.Target.UserId);
        var existing = await client.GetInstanceAsync(id, getInputsAndOutputs: false);
        var change = new OffboardChange("delete", OffboardChangeStatus.Done, $"account deletion scheduled for {input.DeleteAt:yyyy-MM-dd HH:mm} UTC (say \"cancel the deletion of {input.Target.UserPrincipalName}\" to keep it)");
        if (existing is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending })
        {
            change = change with { Status = OffboardChangeStatus.Already, Message = "account deletion was already scheduled" };
        }
        else
        {
            try
            {
                await client.ScheduleNewOrchestrationInstanceAsync(AccountDeletionWorkflow.Name, input, new StartOrchestrationOptions(id));
            }
            catch (Exception e) when (e is InvalidOperationException || e.GetType().Name == "RpcException")
            {
                // A retried activity raced its first run, which started it.
                logger.LogInformation("Deletion timer {Id} was already started: {Message}", id, e.Message);
            }
        }

        return await AuditAsync(new OffboardChangeInput(input.Target, [], input.DeleteAt, input.DeleteAt), "delete:scheduled", change);
    }

    /// <summary>
    /// cancel_deletion: finds the account's deletion timer by address. Still waiting: it is told to stop (the account
    /// stays, disabled). Already deleted: the account is restored from deleted items. Nothing scheduled: said so.
    /// </summary>
    public async Task<StepOutcome> CancelAccountDeletion(CancelDeletionInput input, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(client);
        OrchestrationMetadata? found = null;
        AccountDeletionInput? timer = null;
        await foreach (var meta in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "offboard-delete-", FetchInputsAndOutputs = true, PageSize = 100 }))
        {
            if (meta.Name == AccountDeletionWorkflow.Name && meta.ReadInputAs<AccountDeletionInput>() is { } candidate
                && string.Equals(candidate.Target.UserPrincipalName, input.UserPrincipalName, StringComparison.OrdinalIgnoreCase)
                && (found is null || meta.CreatedAt > found.CreatedAt))
            {
                (found, timer) = (meta, candidate);
            }
        }

        string message;
        var status = StepStatus.Succeeded;
        if (found is null || timer is null)
        {
            (status, message) = (StepStatus.Failed, $"No deletion of {input.UserPrincipalName} is scheduled by an offboarding; nothing was changed.");
        }
        else if (found.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending)
        {
            await client.RaiseEventAsync(found.InstanceId, AccountDeletionSignal.EventName, new AccountDeletionSignal(input.RequestId, input.By));
            message = $"The deletion of {input.UserPrincipalName} (due {timer.DeleteAt:yyyy-MM-dd HH:mm} UTC) is cancelled; the account stays, still disabled.";
        }
        else if (await directory.RestoreDeletedUserAsync(timer.Target.UserId))
        {
            message = $"{input.UserPrincipalName} was restored from deleted items (still disabled, without the groups and apps offboarding removed).";
        }
        else
        {
            var exists = await directory.FindUserAsync(timer.Target.UserId) is not null;
            (status, message) = exists
                ? (StepStatus.Succeeded, $"{input.UserPrincipalName} is not deleted; nothing to restore.")
                : (StepStatus.Failed, $"{input.UserPrincipalName} is no longer in deleted items (purged); it cannot be restored.");
        }

        await audit.AppendAsync(new AuditEvent
        {
            EventId = $"{input.RequestId}:cancel_deletion:{input.StepIndex}",
            RequestId = input.RequestId,
            InstanceId = input.RequestId,
            Actor = input.By,
            Event = status == StepStatus.Succeeded ? "step_succeeded" : "step_failed",
            Action = DexActions.CancelDeletion,
            Target = input.UserPrincipalName,
            Outcome = Requests.Wire.Name(status),
            Details = message,
            At = input.At,
        });
        return new StepOutcome(input.StepIndex, status, message);
    }

    private async Task<OffboardChange> AuditAsync(OffboardChangeInput input, string key, OffboardChange change)
    {
        var t = input.Target;
        await audit.AppendAsync(new AuditEvent
        {
            EventId = $"{t.RequestId}:offboard:{t.UserId}:{key}",
            RequestId = t.RequestId,
            InstanceId = OffboardingWorkflow.InstanceIdFor(t.RequestId, t.UserId),
            Actor = "dex",
            Event = "offboard_change",
            Action = DexActions.OffboardUser,
            Target = t.UserPrincipalName,
            Outcome = change.Word,
            Details = $"{change.Change}: {change.Message}",
            At = input.At,
        });
        return change;
    }
}
