using System.Collections.Concurrent;
using Dex.Core.Requests;

namespace Dex.Core.Grants;

/// <summary>Where a time-bound grant is in its life.</summary>
public enum GrantStatus
{
    /// <summary>Recorded before the Graph change; its clock has not started.</summary>
    Pending,

    /// <summary>Access given; the grant's orchestration counts down to <see cref="GrantRecord.EndsAt"/>.</summary>
    Active,

    /// <summary>Over: expired, ended early, or reconciled.</summary>
    Ended,
}

/// <summary>
/// One time-bound grant of a group membership or enterprise app assignment. The id is also the id of its durable
/// orchestration. <see cref="PreExisting"/> records that the access was there before and not owned by another live
/// grant, so expiry never removes what the grant did not add.
/// </summary>
public sealed record GrantRecord
{
    public required string Id { get; init; }
    public required string RequestId { get; init; }
    public required string Requester { get; init; }
    public required string UserId { get; init; }
    public required string UserPrincipalName { get; init; }
    public required string ResourceId { get; init; }
    public required string ResourceName { get; init; }
    public GroupKind ResourceKind { get; init; } = GroupKind.Security;
    public GrantStatus Status { get; init; } = GrantStatus.Pending;

    /// <summary>The user had this access before the grant (and no live grant owned it): expiry leaves it.</summary>
    public bool PreExisting { get; init; }

    /// <summary>When access was given (the clock starts here, after approval).</summary>
    public DateTimeOffset? GrantedAt { get; init; }

    /// <summary>Requested length (counted from <see cref="GrantedAt"/>) when the grant was asked "for" a time.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>When the access ends; set when the grant becomes active (or at planning for "until ..." ends).</summary>
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>The longest the grant may last in total, extensions included (policy <c>maxDuration</c>).</summary>
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>How long before the end the grantee is reminded.</summary>
    public IReadOnlyList<TimeSpan> Reminders { get; init; } = [];

    /// <summary>Policy <c>remindApprovers</c>: the request's approvers hear the reminders too (default off).</summary>
    public bool RemindApprovers { get; init; }

    /// <summary>The time zone the requester's times were read in (IANA or Windows id, or "UTC").</summary>
    public string TimeZone { get; init; } = "UTC";

    public int Extensions { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public string? EndReason { get; init; }

    public bool IsLive => Status == GrantStatus.Active;

    /// <summary>Same user, same group or app.</summary>
    public bool SameAccess(GrantRecord other) => other is not null
        && string.Equals(UserId, other.UserId, StringComparison.OrdinalIgnoreCase)
        && string.Equals(ResourceId, other.ResourceId, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Where live and past grants are kept (SQLite in Dex.Local, Table Storage in Azure, memory in tests).</summary>
public interface IGrantStore
{
    /// <summary>Inserts or replaces the record with the same id.</summary>
    Task SaveAsync(GrantRecord record, CancellationToken cancellationToken = default);

    Task<GrantRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Grants not yet ended (pending or active), optionally for one user and/or one group or app.</summary>
    Task<IReadOnlyList<GrantRecord>> ListOpenAsync(string? userId = null, string? resourceId = null, CancellationToken cancellationToken = default);
}

/// <summary>Process-local store (tests, hosts without a state directory).</summary>
public sealed class InMemoryGrantStore : IGrantStore
{
    private readonly ConcurrentDictionary<string, GrantRecord> _records = new(StringComparer.Ordinal);

    public Task SaveAsync(GrantRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        _records[record.Id] = record;
        return Task.CompletedTask;
    }

    public Task<GrantRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
        => Task.FromResult(_records.GetValueOrDefault(id));

    public Task<IReadOnlyList<GrantRecord>> ListOpenAsync(string? userId = null, string? resourceId = null, CancellationToken cancellationToken = default)
        => Task.FromResult<IReadOnlyList<GrantRecord>>([.. _records.Values.Where(r => GrantStoreFilter.Matches(r, userId, resourceId)).OrderBy(r => r.EndsAt)]);
}

internal static class GrantStoreFilter
{
    public static bool Matches(GrantRecord r, string? userId, string? resourceId)
        => r.Status != GrantStatus.Ended
        && (userId is null || string.Equals(r.UserId, userId, StringComparison.OrdinalIgnoreCase))
        && (resourceId is null || string.Equals(r.ResourceId, resourceId, StringComparison.OrdinalIgnoreCase));
}
