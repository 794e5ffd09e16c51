using Dex.Core.Audit;
using Dex.Core.Directory;
using Dex.Core.Notifications;
using Dex.Core.Requests;

namespace Dex.Core.Grants;

/// <summary>What ending a grant did: removed the access, kept it (and why), or found nothing to do.</summary>
public sealed record GrantEnd(bool Ended, bool Removed, string Message, DateTimeOffset? NotYetUntil = null);

/// <summary>
/// The life of time-bound grants: begin (record, then give access), remind, extend, end with reference counting.
/// Every method is idempotent, so a retried activity converges; every transition is audited with a stable id.
/// </summary>
public sealed class GrantService(IGrantStore store, DirectoryService directory, IAuditLog audit, INotifier notifier, TimeProvider time)
{
    public IGrantStore Store => store;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The grant id (and orchestration instance id) of a request's step.</summary>
    public static string IdFor(string requestId, int index) => $"grant-{requestId}-{index}";

    /// <summary>
    /// Gives the access of a time-bound step and records the grant. Recorded as pending first, with whether the user
    /// already had the access (and no live grant owned it), so a retry after a crash still knows what was there before.
    /// </summary>
    public async Task<GrantRecord> BeginAsync(string requestId, PlannedStep step, RequesterContext requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(requester);
        var target = step.Target ?? throw new DirectoryException("A time-bound grant needs a user.", 400);
        var group = step.Group ?? throw new DirectoryException("A time-bound grant needs a group or app.", 400);
        var id = IdFor(requestId, step.Index);
        var record = await store.GetAsync(id, cancellationToken);
        if (record is { Status: not GrantStatus.Pending })
        {
            return record;
        }

        if (record is null)
        {
            var had = group.Kind == GroupKind.App
                ? await directory.HasAppAsync(target.Id, group.Id, cancellationToken)
                : await directory.IsMemberAsync(target.Id, group.Id, cancellationToken);
            var owners = (await store.ListOpenAsync(target.Id, group.Id, cancellationToken)).Where(g => g.IsLive && !g.PreExisting);
            record = new GrantRecord
            {
                Id = id,
                RequestId = requestId,
                Requester = requester.UserPrincipalName,
                UserId = target.Id,
                UserPrincipalName = target.UserPrincipalName,
                ResourceId = group.Id,
                ResourceName = group.DisplayName,
                ResourceKind = group.Kind,
                PreExisting = had && !owners.Any(),
                Duration = GrantStep.Duration(step),
                EndsAt = GrantStep.Until(step),
                MaxDuration = GrantStep.MaxDuration(step),
                Reminders = GrantStep.Reminders(step),
                RemindApprovers = GrantStep.RemindApprovers(step),
                TimeZone = step.Parameters.GetValueOrDefault(GrantStep.TimeZoneKey) ?? "UTC",
            };
            await store.SaveAsync(record, cancellationToken);
        }

        var change = group.Kind == GroupKind.App
            ? await directory.AssignAppAsync(target.Id, group.Id, group.DisplayName, cancellationToken)
            : await directory.AddMemberAsync(group.Id, group.DisplayName, target.Id, cancellationToken);

        // The clock starts now, when access is given (after any approval), not when it was asked for.
        var now = time.GetUtcNow();
        record = record with
        {
            Status = GrantStatus.Active,
            PreExisting = record.PreExisting && !change.Changed,
            GrantedAt = now,
            EndsAt = record.EndsAt ?? now + (record.Duration ?? TimeSpan.FromHours(1)),
        };
        await store.SaveAsync(record, cancellationToken);
        await AuditAsync(record, "granted", "grant_started", "ok",
            $"{record.UserPrincipalName} -> {record.ResourceName} until {record.EndsAt:O}" + (record.PreExisting ? "; already had this access, expiry will keep it" : string.Empty), now);
        return record;
    }

    /// <summary>Reminds the grantee that the access ends soon; nothing when the grant is no longer live.</summary>
    public async Task<bool> RemindAsync(string grantId, TimeSpan before, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(grantId, cancellationToken);
        if (record is not { IsLive: true, EndsAt: { } ends })
        {
            return false;
        }

        var zone = GrantZones.Find(record.TimeZone) ?? TimeZoneInfo.Utc;
        var now = time.GetUtcNow();
        var text = $"Your access to \"{record.ResourceName}\" ends in about {GrantDurations.Describe(before)}, on {GrantDurations.Local(ends, zone)}. "
            + $"To keep it longer, ask Dex: \"extend my {record.ResourceName} access by 4 hours\".";
        await notifier.SendAsync(new Notification
        {
            Id = $"{grantId}:reminder:{(long)before.TotalSeconds}:{ends.ToUnixTimeSeconds()}",
            Recipient = record.UserPrincipalName,
            Kind = "grant_reminder",
            RequestId = record.RequestId,
            Text = text,
            At = now,
        }, cancellationToken);
        await AuditAsync(record, $"reminder:{(long)before.TotalSeconds}:{ends.ToUnixTimeSeconds()}", "grant_reminder", "sent", text, now);
        if (record.RemindApprovers)
        {
            await RemindApproversAsync(record, before, ends, zone, now, cancellationToken);
        }

        return true;
    }

    /// <summary>Tells whoever approved the grant's request (from the audit trail's decisions) that the access ends soon.</summary>
    private async Task RemindApproversAsync(GrantRecord record, TimeSpan before, DateTimeOffset ends, TimeZoneInfo zone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var decisions = await audit.QueryAsync(new AuditQuery { RequestId = record.RequestId, Limit = 1000 }, cancellationToken);
        var approvers = decisions.Entries
            .Where(e => e.Event == "decided" && e.Outcome == Approvals.ApprovalDecisionEvent.Approve && e.Actor.Contains('@', StringComparison.Ordinal))
            .Select(e => e.Actor).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(a => !string.Equals(a, record.UserPrincipalName, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var text = $"{record.UserPrincipalName}'s access to \"{record.ResourceName}\", which you approved, ends in about {GrantDurations.Describe(before)}, on {GrantDurations.Local(ends, zone)}.";
        foreach (var approver in approvers)
        {
            await notifier.SendAsync(new Notification
            {
                Id = $"{record.Id}:reminder:{(long)before.TotalSeconds}:{ends.ToUnixTimeSeconds()}:{approver.ToLowerInvariant()}",
                Recipient = approver,
                Kind = "grant_reminder",
                RequestId = record.RequestId,
                Text = text,
                At = now,
            }, cancellationToken);
        }

        if (approvers.Count > 0)
        {
            await AuditAsync(record, $"approver-reminder:{(long)before.TotalSeconds}:{ends.ToUnixTimeSeconds()}", "grant_reminder", "sent", $"approvers {string.Join(", ", approvers)}: {text}", now);
        }
    }

    /// <summary>Moves the end of a live grant to <paramref name="endsAt"/> (an approved extension), within its <c>maxDuration</c>.</summary>
    public async Task<(bool Ok, string Message, GrantRecord? Grant)> ExtendAsync(string grantId, DateTimeOffset endsAt, string requestId, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(grantId, cancellationToken);
        if (record is not { IsLive: true, EndsAt: { } current, GrantedAt: { } granted })
        {
            return (false, "That temporary access has already ended; ask for it again instead.", record);
        }

        var zone = GrantZones.Find(record.TimeZone) ?? TimeZoneInfo.Utc;
        if (current >= endsAt)
        {
            return (true, $"access to \"{record.ResourceName}\" already lasts until {GrantDurations.Local(current, zone)}.", record);
        }

        if (record.MaxDuration is { } max && endsAt - granted > max)
        {
            return (false, $"That would make the access to \"{record.ResourceName}\" last longer than the {GrantDurations.Describe(max)} policy allows in total.", record);
        }

        record = record with { EndsAt = endsAt, Extensions = record.Extensions + 1 };
        await store.SaveAsync(record, cancellationToken);
        await AuditAsync(record, $"extended:{endsAt.ToUnixTimeSeconds()}", "grant_extended", "ok", $"request {requestId}: {current:O} -> {endsAt:O}", time.GetUtcNow());
        return (true, $"access to \"{record.ResourceName}\" now lasts until {GrantDurations.Local(endsAt, zone)}.", record);
    }

    /// <summary>
    /// Ends a grant: at its end (<paramref name="early"/> false; too soon → <see cref="GrantEnd.NotYetUntil"/>) or early.
    /// Removes the access only when the grant added it and no other live grant covers it; a missing membership is success.
    /// </summary>
    public async Task<GrantEnd> EndAsync(string grantId, bool early, string reason, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(grantId, cancellationToken);
        if (record is null || record.Status == GrantStatus.Ended)
        {
            return new GrantEnd(false, false, record?.EndReason ?? "That grant is not live.");
        }

        var now = time.GetUtcNow();
        if (!early && record.EndsAt is { } ends && ends > now + TimeSpan.FromSeconds(1))
        {
            return new GrantEnd(false, false, "Not over yet.", ends); // extended meanwhile: the orchestration waits again
        }

        var others = (await store.ListOpenAsync(record.UserId, record.ResourceId, cancellationToken)).Where(o => o.Id != record.Id && o.IsLive).ToList();
        string message;
        var removed = false;
        if (record.PreExisting)
        {
            message = $"{record.UserPrincipalName} keeps \"{record.ResourceName}\": they had it before this grant.";
        }
        else if (others.Count > 0)
        {
            var zone = GrantZones.Find(record.TimeZone) ?? TimeZoneInfo.Utc;
            var last = others.Max(o => o.EndsAt) ?? now;
            message = $"{record.UserPrincipalName} keeps \"{record.ResourceName}\": another live grant covers it until {GrantDurations.Local(last, zone)}.";
        }
        else
        {
            var change = record.ResourceKind == GroupKind.App
                ? await directory.UnassignAppAsync(record.UserId, record.ResourceId, record.ResourceName, cancellationToken)
                : await directory.RemoveMemberAsync(record.ResourceId, record.ResourceName, record.UserId, cancellationToken);
            removed = change.Changed;
            message = change.Changed
                ? $"{record.UserPrincipalName} no longer has \"{record.ResourceName}\"."
                : $"{record.UserPrincipalName} had already lost \"{record.ResourceName}\"; nothing to remove.";
        }

        record = record with { Status = GrantStatus.Ended, EndedAt = now, EndReason = reason };
        await store.SaveAsync(record, cancellationToken);
        var lead = early ? $"Your temporary access to \"{record.ResourceName}\" was ended early ({reason})." : $"Your temporary access to \"{record.ResourceName}\" has ended.";
        await notifier.SendAsync(new Notification
        {
            Id = $"{grantId}:ended",
            Recipient = record.UserPrincipalName,
            Kind = "grant_ended",
            RequestId = record.RequestId,
            Text = $"{lead} {message}",
            At = now,
        }, cancellationToken);
        await AuditAsync(record, "ended", early ? "grant_revoked" : "grant_expired", removed ? "removed" : "kept", $"{reason}: {message}", now);
        return new GrantEnd(true, removed, message);
    }

    /// <summary>An explicit removal (revoke_access) closes the user's open grants of that access: nothing is left to expire.</summary>
    public async Task<int> CloseForRemovalAsync(string userId, string resourceId, string requestId, CancellationToken cancellationToken)
    {
        var open = await store.ListOpenAsync(userId, resourceId, cancellationToken);
        var now = time.GetUtcNow();
        foreach (var grant in open)
        {
            var closed = grant with { Status = GrantStatus.Ended, EndedAt = now, EndReason = $"removed by request {requestId}" };
            await store.SaveAsync(closed, cancellationToken);
            await AuditAsync(closed, "ended", "grant_revoked", "removed", closed.EndReason, now);
        }

        return open.Count;
    }

    /// <summary>Audits a reconciliation: an ended grant whose orchestration was gone or failed.</summary>
    public Task ReconciledAsync(GrantRecord record, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var now = time.GetUtcNow();
        return AuditAsync(record, $"reconciled:{now.ToUnixTimeMilliseconds()}", "grant_reconciled", "ok", what, now);
    }

    private async Task AuditAsync(GrantRecord record, string suffix, string evt, string outcome, string details, DateTimeOffset at)
        => await audit.AppendAsync(new AuditEvent
        {
            EventId = $"{record.Id}:{suffix}",
            RequestId = record.RequestId,
            InstanceId = record.Id,
            Actor = "dex",
            Event = evt,
            Action = DexActions.GrantAccess,
            Target = record.UserPrincipalName,
            Outcome = outcome,
            Details = details,
            At = at,
        });
}
