namespace Dex.Core.Audit;

/// <summary>The last link a store recorded as written (its head): lets verification notice entries cut off the end of the chain.</summary>
public sealed record AuditTip(long Seq, string Hash);

/// <summary>Helpers every store uses so that the chain is built and checked the same way everywhere.</summary>
public static class AuditChain
{
    /// <summary>Builds the entry that follows <paramref name="prevHash"/> at <paramref name="seq"/>, hash included.</summary>
    public static AuditEntry Link(AuditEvent auditEvent, long seq, string prevHash, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        ArgumentException.ThrowIfNullOrEmpty(auditEvent.EventId);
        ArgumentException.ThrowIfNullOrEmpty(prevHash);
        var entry = new AuditEntry
        {
            Seq = seq,
            EventId = auditEvent.EventId,
            At = auditEvent.At == default ? now : auditEvent.At,
            RequestId = auditEvent.RequestId,
            InstanceId = auditEvent.InstanceId,
            Actor = auditEvent.Actor,
            Event = auditEvent.Event,
            Action = auditEvent.Action,
            Target = auditEvent.Target,
            Outcome = auditEvent.Outcome,
            Details = auditEvent.Details,
            PrevHash = prevHash,
            Hash = string.Empty,
        };
        return entry with { Hash = AuditHash.Compute(entry) };
    }

    /// <summary>
    /// Verifies the chain like <see cref="AuditHash.VerifyAsync"/> and also checks it against the head the store recorded
    /// (read before the entries, so entries appended meanwhile are fine): the entry at the tip's seq must carry the tip's
    /// hash, and the chain may not end before it. Without this, deleting the newest entries would go unnoticed.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditEntry> entries, AuditTip? tip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        AuditEntry? tipEntry = null;
        var result = await AuditHash.VerifyAsync(Watch(entries, tip, e => tipEntry = e, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (!result.Ok || tip is null || tip.Seq == 0)
        {
            return result;
        }

        if (result.Entries < tip.Seq)
        {
            return new AuditVerification(false, result.Entries, result.Entries + 1);
        }

        return tipEntry is not null && tipEntry.Hash == tip.Hash ? result : new AuditVerification(false, result.Entries, tip.Seq);
    }

    private static async IAsyncEnumerable<AuditEntry> Watch(IAsyncEnumerable<AuditEntry> entries, AuditTip? tip, Action<AuditEntry> atTip, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (tip is not null && e.Seq == tip.Seq)
            {
                atTip(e);
            }

            yield return e;
        }
    }
}
