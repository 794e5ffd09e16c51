using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Dex.Core.Audit;

/// <summary>
/// The audit trail in Azure Table Storage, safe with several writers (scaled-out Functions instances).
/// </summary>
/// <remarks>
/// Layout, all in one partition (the chain) so that one entity-group transaction can touch every row an append needs:
/// <list type="bullet">
/// <item><c>head</c>: the tip (Seq, Hash). Each append replaces it with the ETag it read, so of two writers that read the
/// same tip only one commits; the other gets 412 and relinks to the new tip.</item>
/// <item><c>e-{seq:D19}</c>: the entries; the zero-padded seq makes RowKey order the chain order.</item>
/// <item><c>i-{sha256(EventId)}</c>: the EventId index. Added in the same transaction, so a second append of an EventId
/// fails with 409 and returns the entry already written: appends are idempotent across processes too.</item>
/// </list>
/// A single partition caps throughput at the partition limit (about 2,000 entities/s, i.e. ~600 appends/s), far above
/// what an approval workflow writes. In-process appends are serialized so that they do not fight each other for the head.
/// </remarks>
public sealed class TableStorageAuditLog : IAuditLog, IDisposable
{
    public const string DefaultTableName = "DexAudit";
    public const string DefaultChain = "audit";

    /// <summary>Table Storage caps a string property at 64 KiB of UTF-16, i.e. 32K characters.</summary>
    public const int MaxFieldLength = 32 * 1024;

    private const string HeadRowKey = "head";
    private const string EntryPrefix = "e-";
    private const string EntryUpperBound = "e."; // '.' sorts right after '-': every entry RowKey lies in [e-, e.)
    private const string IndexPrefix = "i-";
    private const int MaxAttempts = 64;

    private readonly TableClient _table;
    private readonly string _partition;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _appendGate = new(1, 1);
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private volatile bool _created;
    private Head? _head; // last head this instance wrote; stale is fine, the ETag check catches it
    private long _conflicts;

    /// <param name="serviceClient">Built with a <c>TokenCredential</c> (managed identity) in Azure, a connection string for Azurite.</param>
    /// <param name="tableName">Created on first use when missing.</param>
    /// <param name="chain">Partition key of the chain; separate chains (e.g. per environment) can share a table.</param>
    public TableStorageAuditLog(TableServiceClient serviceClient, string tableName = DefaultTableName, string chain = DefaultChain, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(serviceClient);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        ArgumentException.ThrowIfNullOrWhiteSpace(chain);
        _table = serviceClient.GetTableClient(tableName);
        _partition = chain;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The table holding the chain (tests tamper with it directly).</summary>
    public TableClient Table => _table;

    /// <summary>Partition key of the chain.</summary>
    public string Chain => _partition;

    /// <summary>How many appends of this instance lost a race for the head (or hit an existing EventId) and retried.</summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

    public static string EntryRowKey(long seq) => EntryPrefix + seq.ToString("D19", CultureInfo.InvariantCulture);

    public async Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        ArgumentException.ThrowIfNullOrEmpty(auditEvent.EventId);
        if (auditEvent.Details?.Length > MaxFieldLength)
        {
            throw new ArgumentException($"Audit details are limited to {MaxFieldLength} characters in Table Storage.", nameof(auditEvent));
        }

        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await _appendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                var head = _head ?? await ReadHeadAsync(cancellationToken).ConfigureAwait(false);
                var entry = AuditChain.Link(auditEvent, head.Seq + 1, head.Hash, _time.GetUtcNow());
                var headEntity = new TableEntity(_partition, HeadRowKey) { ["Seq"] = entry.Seq, ["Hash"] = entry.Hash };
                TableTransactionAction[] actions =
                [
                    head.ETag is { } etag
                        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, headEntity, etag)
                        : new TableTransactionAction(TableTransactionActionType.Add, headEntity),
                    new TableTransactionAction(TableTransactionActionType.Add, ToEntity(entry)),
                    new TableTransactionAction(TableTransactionActionType.Add, IndexEntity(entry)),
                ];

                try
                {
                    var response = await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                    var newETag = response.Value.Count > 0 ? response.Value[0].Headers.ETag : null;
                    _head = newETag is null ? null : new Head(entry.Seq, entry.Hash, newETag);
                    return entry;
                }
                catch (RequestFailedException ex) when (ex.Status is 409 or 412)
                {
                    // Another writer moved the head (412, or 409 when both created it), or this EventId is already
                    // indexed (409). Either way nothing of ours was written: the transaction is all or nothing.
                    _head = null;
                    Interlocked.Increment(ref _conflicts);
                    var existing = await FindByEventIdAsync(auditEvent.EventId, cancellationToken).ConfigureAwait(false);
                    if (existing is not null)
                    {
                        return existing;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * Math.Min(attempt, 20))), cancellationToken).ConfigureAwait(false);
                }
            }

            throw new InvalidOperationException($"Could not append audit event '{auditEvent.EventId}' after {MaxAttempts} attempts: the chain head kept changing.");
        }
        finally
        {
            _appendGate.Release();
        }
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var limit = Math.Clamp(query.Limit, 1, 1000);

        var after = EntryRowKey(Math.Max(query.AfterSeq, 0));
        var filters = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {_partition} and RowKey gt {after} and RowKey lt {EntryUpperBound}") };
        if (query.RequestId is { } requestId)
        {
            filters.Add(TableClient.CreateQueryFilter($"RequestId eq {requestId}"));
        }

        if (query.Actor is { } actor)
        {
            filters.Add(TableClient.CreateQueryFilter($"ActorKey eq {actor.ToUpperInvariant()}"));
        }

        if (query.Target is { } target)
        {
            filters.Add(TableClient.CreateQueryFilter($"TargetKey eq {target.ToUpperInvariant()}"));
        }

        if (query.Action is { } action)
        {
            filters.Add(TableClient.CreateQueryFilter($"Action eq {action}"));
        }

        if (query.From is { } from)
        {
            filters.Add(TableClient.CreateQueryFilter($"AtTicks ge {from.UtcTicks}"));
        }

        if (query.To is { } to)
        {
            filters.Add(TableClient.CreateQueryFilter($"AtTicks le {to.UtcTicks}"));
        }

        var entries = new List<AuditEntry>(Math.Min(limit + 1, 128));
        var filter = string.Join(" and ", filters.Select(f => $"({f})"));
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit + 1, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(FromEntity(entity));
            if (entries.Count > limit)
            {
                break;
            }
        }

        var more = entries.Count > limit;
        if (more)
        {
            entries.RemoveAt(entries.Count - 1);
        }

        return new AuditPage(entries, more ? entries[^1].Seq : null);
    }

    public async IAsyncEnumerable<AuditEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {_partition} and RowKey ge {EntryPrefix} and RowKey lt {EntryUpperBound}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return FromEntity(entity);
        }
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);

        // The head is read first: entries appended while we stream are past it and only need to chain correctly.
        var head = await ReadHeadAsync(cancellationToken).ConfigureAwait(false);
        return await AuditChain.VerifyAsync(ReadAllAsync(cancellationToken), new AuditTip(head.Seq, head.Hash), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _appendGate.Dispose();
        _createGate.Dispose();
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _createGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_created)
            {
                await Dex.Core.Storage.TableCreation.EnsureAsync(_table, cancellationToken).ConfigureAwait(false);
                _created = true;
            }
        }
        finally
        {
            _createGate.Release();
        }
    }

    private async Task<Head> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(_partition, HeadRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue || response.Value is null)
        {
            return new Head(0, AuditHash.Genesis, null);
        }

        var head = response.Value;
        return new Head(head.GetInt64("Seq") ?? 0, head.GetString("Hash") ?? AuditHash.Genesis, head.ETag);
    }

    private async Task<AuditEntry?> FindByEventIdAsync(string eventId, CancellationToken cancellationToken)
    {
        var index = await _table.GetEntityIfExistsAsync<TableEntity>(_partition, IndexRowKey(eventId), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!index.HasValue || index.Value?.GetInt64("Seq") is not { } seq)
        {
            return null;
        }

        var entry = await _table.GetEntityIfExistsAsync<TableEntity>(_partition, EntryRowKey(seq), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entry.HasValue && entry.Value is not null
            ? FromEntity(entry.Value)
            : throw new InvalidOperationException($"Audit index for event '{eventId}' points at entry {seq}, which is missing: run verification.");
    }

    private static string IndexRowKey(string eventId)
        => IndexPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId))); // EventIds may hold characters RowKey forbids ('/', '#', '?')

    private TableEntity IndexEntity(AuditEntry e) => new(_partition, IndexRowKey(e.EventId)) { ["Seq"] = e.Seq, ["EventId"] = e.EventId };

    private TableEntity ToEntity(AuditEntry e)
    {
        var entity = new TableEntity(_partition, EntryRowKey(e.Seq))
        {
            ["Seq"] = e.Seq,
            ["EventId"] = e.EventId,
            ["At"] = e.At.ToString("O", CultureInfo.InvariantCulture), // text keeps the offset and every tick the hash covers
            ["AtTicks"] = e.At.UtcTicks,
            ["RequestId"] = e.RequestId,
            ["Actor"] = e.Actor,
            ["ActorKey"] = e.Actor.ToUpperInvariant(),
            ["Event"] = e.Event,
            ["Outcome"] = e.Outcome,
            ["PrevHash"] = e.PrevHash,
            ["Hash"] = e.Hash,
        };
        SetIfPresent(entity, "InstanceId", e.InstanceId);
        SetIfPresent(entity, "Action", e.Action);
        SetIfPresent(entity, "Target", e.Target);
        SetIfPresent(entity, "TargetKey", e.Target?.ToUpperInvariant());
        SetIfPresent(entity, "Details", e.Details);
        return entity;
    }

    private static void SetIfPresent(TableEntity entity, string name, string? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }

    private static AuditEntry FromEntity(TableEntity t) => new()
    {
        // Missing or edited values read as empty/zero so that verification reports them rather than crashing.
        Seq = t.GetInt64("Seq") ?? 0,
        EventId = t.GetString("EventId") ?? string.Empty,
        At = DateTimeOffset.TryParseExact(t.GetString("At"), "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : DateTimeOffset.MinValue,
        RequestId = t.GetString("RequestId") ?? string.Empty,
        InstanceId = t.GetString("InstanceId"),
        Actor = t.GetString("Actor") ?? string.Empty,
        Event = t.GetString("Event") ?? string.Empty,
        Action = t.GetString("Action"),
        Target = t.GetString("Target"),
        Outcome = t.GetString("Outcome") ?? string.Empty,
        Details = t.GetString("Details"),
        PrevHash = t.GetString("PrevHash") ?? string.Empty,
        Hash = t.GetString("Hash") ?? string.Empty,
    };

    private sealed record Head(long Seq, string Hash, ETag? ETag);
}
