using System.Runtime.CompilerServices;

namespace Dex.Core.Audit;

/// <summary>A process-local audit log (tests and quick local runs); same chain as the durable stores.</summary>
public sealed class InMemoryAuditLog(TimeProvider? timeProvider = null) : IAuditLog
{
    private readonly Lock _gate = new();
    private readonly List<AuditEntry> _entries = [];
    private readonly Dictionary<string, AuditEntry> _byEventId = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private AuditTip _tip = new(0, AuditHash.Genesis);

    public Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        lock (_gate)
        {
            if (_byEventId.TryGetValue(auditEvent.EventId, out var existing))
            {
                return Task.FromResult(existing);
            }

            var entry = AuditChain.Link(auditEvent, _tip.Seq + 1, _tip.Hash, _time.GetUtcNow());
            _entries.Add(entry);
            _byEventId[entry.EventId] = entry;
            _tip = new AuditTip(entry.Seq, entry.Hash);
            return Task.FromResult(entry);
        }
    }

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            var limit = Math.Clamp(query.Limit, 1, 1000);
            var matches = _entries.Where(e => e.Seq > query.AfterSeq && AuditFilter.Matches(e, query)).Take(limit + 1).ToList();
            var more = matches.Count > limit;
            if (more)
            {
                matches.RemoveAt(matches.Count - 1);
            }

            return Task.FromResult(new AuditPage(matches, more ? matches[^1].Seq : null));
        }
    }

    public async IAsyncEnumerable<AuditEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        AuditEntry[] snapshot;
        lock (_gate)
        {
            snapshot = [.. _entries];
        }

        foreach (var e in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask;
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        AuditTip tip;
        lock (_gate)
        {
            tip = _tip;
        }

        return AuditChain.VerifyAsync(ReadAllAsync(cancellationToken), tip, cancellationToken);
    }

    /// <summary>Test hook: replace an entry in place, as an attacker with write access would.</summary>
    internal void TamperForTest(long seq, Func<AuditEntry, AuditEntry> change)
    {
        lock (_gate)
        {
            _entries[(int)seq - 1] = change(_entries[(int)seq - 1]);
        }
    }

    /// <summary>Test hook: drop an entry, as an attacker with write access would.</summary>
    internal void RemoveForTest(long seq)
    {
        lock (_gate)
        {
            _entries.RemoveAt((int)seq - 1);
        }
    }

    /// <summary>Test hook: swap two entries' positions (each keeps its own content, seq included).</summary>
    internal void SwapForTest(long seqA, long seqB)
    {
        lock (_gate)
        {
            (_entries[(int)seqA - 1], _entries[(int)seqB - 1]) = (_entries[(int)seqB - 1], _entries[(int)seqA - 1]);
        }
    }
}

public static class AuditFilter
{
    public static bool Matches(AuditEntry e, AuditQuery q)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(q);
        return (q.RequestId is null || e.RequestId == q.RequestId)
            && (q.Actor is null || string.Equals(e.Actor, q.Actor, StringComparison.OrdinalIgnoreCase))
            && (q.Target is null || string.Equals(e.Target, q.Target, StringComparison.OrdinalIgnoreCase))
            && (q.Action is null || e.Action == q.Action)
            && (q.From is null || e.At >= q.From)
            && (q.To is null || e.At <= q.To);
    }
}
