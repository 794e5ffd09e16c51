namespace Dex.Core.Audit;

/// <summary>
/// An audit log whose chain head is signed and written outside the store every N entries or M minutes, on graceful
/// stop and on each verify. Verification then tells a chain edited without re-hashing, a chain rewritten and fully
/// re-hashed (it no longer matches a signed checkpoint), a chain cut short (it ends before a checkpoint), and the
/// entries written since the last checkpoint (vouched for by the store alone) apart, naming the first bad sequence.
/// </summary>
public sealed class CheckpointedAuditLog(IAuditLog inner, ICheckpointSigner signer, ICheckpointStore checkpoints, CheckpointOptions? options = null, TimeProvider? time = null)
    : IAuditLog, IAsyncDisposable, IDisposable
{
    private readonly CheckpointOptions _options = options ?? new CheckpointOptions();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (long Seq, DateTimeOffset At)? _last;
    private AuditEntry? _head;

    public IAuditLog Inner => inner;

    public async Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        var entry = await inner.AppendAsync(auditEvent, cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_head is null || entry.Seq > _head.Seq)
            {
                _head = entry;
            }

            var last = _last ??= await LastWrittenAsync(cancellationToken).ConfigureAwait(false);
            if (entry.Seq - last.Seq >= _options.EveryEntries || (entry.Seq > last.Seq && _time.GetUtcNow() - last.At >= _options.EveryInterval))
            {
                await WriteAsync(_head, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        return entry;
    }

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public IAsyncEnumerable<AuditEntry> ReadAllAsync(CancellationToken cancellationToken = default) => inner.ReadAllAsync(cancellationToken);

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await VerifyLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<AuditVerification> VerifyLockedAsync(CancellationToken ct)
    {
        var signed = await checkpoints.ReadAllAsync(ct).ConfigureAwait(false);
        foreach (var c in signed)
        {
            if (c.Signature.Length == 0 || !await signer.VerifyAsync(AuditCheckpoint.Digest(c.Seq, c.Hash, c.At), c.Signature, ct).ConfigureAwait(false))
            {
                return new AuditVerification(false, 0, c.Seq)
                {
                    Problem = AuditProblems.CheckpointForged,
                    Message = $"The checkpoint for entry {c.Seq} does not carry a valid signature: the checkpoint store was altered.",
                    Checkpoints = signed.Count,
                };
            }
        }

        var chain = await inner.VerifyAsync(ct).ConfigureAwait(false);
        var ordered = signed.OrderBy(c => c.Seq).ToList();
        var lastSeq = ordered.Count == 0 ? (long?)null : ordered[^1].Seq;
        if (!chain.Ok)
        {
            return chain with
            {
                Problem = AuditProblems.Chain,
                Message = $"Entry {chain.FirstBadSeq} does not match its hash chain: it was edited, removed or moved.",
                Checkpoints = signed.Count,
                LastCheckpointSeq = lastSeq,
            };
        }

        // The chain is internally sound: now it must agree with every signed checkpoint.
        var hashes = new Dictionary<long, string>();
        var wanted = ordered.Select(c => c.Seq).ToHashSet();
        AuditEntry? head = null;
        await foreach (var e in inner.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (wanted.Contains(e.Seq))
            {
                hashes[e.Seq] = e.Hash;
            }

            head = e;
        }

        long goodUpTo = 0;
        foreach (var c in ordered)
        {
            if (!hashes.TryGetValue(c.Seq, out var hash))
            {
                return new AuditVerification(false, chain.Entries, chain.Entries + 1)
                {
                    Problem = AuditProblems.Truncated,
                    Message = $"The chain ends at entry {chain.Entries}, but a signed checkpoint vouches for {c.Seq} entries: entries from {chain.Entries + 1} on were removed.",
                    Checkpoints = signed.Count,
                    LastCheckpointSeq = lastSeq,
                };
            }

            if (hash != c.Hash)
            {
                return new AuditVerification(false, chain.Entries, goodUpTo + 1)
                {
                    Problem = AuditProblems.Rewritten,
                    Message = $"Entry {c.Seq} differs from its signed checkpoint although the chain is consistent: the trail was rewritten and re-hashed, from some entry between {goodUpTo + 1} and {c.Seq}.",
                    Checkpoints = signed.Count,
                    LastCheckpointSeq = lastSeq,
                };
            }

            goodUpTo = c.Seq;
        }

        var result = chain with
        {
            Checkpoints = signed.Count,
            LastCheckpointSeq = lastSeq,
            UncheckpointedEntries = chain.Entries - (lastSeq ?? 0),
            Message = chain.Entries - (lastSeq ?? 0) > 0
                ? $"The chain is intact and matches {signed.Count} signed checkpoint(s); the {chain.Entries - (lastSeq ?? 0)} entries after entry {lastSeq ?? 0} were not yet checkpointed (checkpointed now)."
                : $"The chain is intact and matches {signed.Count} signed checkpoint(s).",
        };

        if (head is not null && head.Seq > (lastSeq ?? 0))
        {
            await WriteAsync(head, ct).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Writes a checkpoint for the newest entry now (graceful stop), when there is something new to vouch for.</summary>
    public async Task CheckpointNowAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var last = _last ??= await LastWrittenAsync(cancellationToken).ConfigureAwait(false);
            if (_head is not null && _head.Seq > last.Seq)
            {
                await WriteAsync(_head, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WriteAsync(AuditEntry head, CancellationToken ct)
    {
        var at = _time.GetUtcNow();
        var signature = await signer.SignAsync(AuditCheckpoint.Digest(head.Seq, head.Hash, at), ct).ConfigureAwait(false);
        await checkpoints.AppendAsync(new AuditCheckpoint(head.Seq, head.Hash, at, signer.KeyId, signature), ct).ConfigureAwait(false);
        _last = (head.Seq, at);
    }

    private async Task<(long Seq, DateTimeOffset At)> LastWrittenAsync(CancellationToken ct)
    {
        var all = await checkpoints.ReadAllAsync(ct).ConfigureAwait(false);
        return all.Count == 0 ? (0, _time.GetUtcNow()) : all.MaxBy(c => c.Seq) is { } c ? (c.Seq, c.At) : (0, _time.GetUtcNow());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CheckpointNowAsync().ConfigureAwait(false);
        }
        finally
        {
            (inner as IDisposable)?.Dispose();
            _gate.Dispose();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
