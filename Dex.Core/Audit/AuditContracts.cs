namespace Dex.Core.Audit;

/// <summary>What happened, as written by a workflow step. <see cref="EventId"/> makes the append idempotent.</summary>
public sealed record AuditEvent
{
    /// <summary>Stable id of this transition (e.g. instance id + step + event): a replayed or retried write with the same id adds nothing.</summary>
    public required string EventId { get; init; }
    public required string RequestId { get; init; }
    public string? InstanceId { get; init; }
    public required string Actor { get; init; }
    /// <summary>received, understood, planned, policy_decision, approval_requested, decided, reminded, escalated, expired, step_started, step_succeeded, step_failed, completed, denied, failed.</summary>
    public required string Event { get; init; }
    public string? Action { get; init; }
    public string? Target { get; init; }
    public required string Outcome { get; init; }
    public string? Details { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>An appended, hash-chained entry.</summary>
public sealed record AuditEntry
{
    public required long Seq { get; init; }
    public required string EventId { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string RequestId { get; init; }
    public string? InstanceId { get; init; }
    public required string Actor { get; init; }
    public required string Event { get; init; }
    public string? Action { get; init; }
    public string? Target { get; init; }
    public required string Outcome { get; init; }
    public string? Details { get; init; }
    public required string PrevHash { get; init; }
    public required string Hash { get; init; }
}

public sealed record AuditQuery
{
    public string? RequestId { get; init; }
    public string? Actor { get; init; }
    public string? Target { get; init; }
    public string? Action { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    /// <summary>Return entries with Seq greater than this (paging cursor).</summary>
    public long AfterSeq { get; init; }
    public int Limit { get; init; } = 100;
}

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextAfterSeq);

public sealed record AuditVerification(bool Ok, long Entries, long? FirstBadSeq)
{
    /// <summary>What is wrong (<see cref="AuditProblems"/>), or null.</summary>
    public string? Problem { get; init; }

    /// <summary>The finding in words.</summary>
    public string? Message { get; init; }

    /// <summary>Signed checkpoints checked (0 when the log keeps none).</summary>
    public int Checkpoints { get; init; }

    public long? LastCheckpointSeq { get; init; }

    /// <summary>Entries after the last checkpoint: vouched for only by the store's own chain until the next checkpoint.</summary>
    public long UncheckpointedEntries { get; init; }
}

/// <summary>Append-only, hash-chained audit trail.</summary>
public interface IAuditLog
{
    /// <summary>Appends the event once; a second call with the same EventId returns the existing entry.</summary>
    Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every entry in Seq order, streamed.</summary>
    IAsyncEnumerable<AuditEntry> ReadAllAsync(CancellationToken cancellationToken = default);

    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default);
}
