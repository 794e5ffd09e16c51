using Dex.Core.Audit;

namespace Dex.Tests.Audit;

/// <summary>
/// What every <see cref="IAuditLog"/> must do. Each store runs this same suite; a store supplies how to create a fresh
/// log and how an attacker with write access to its storage would edit, delete or reorder a stored entry.
/// </summary>
public abstract class AuditLogContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private IAuditLog? _log;

    protected IAuditLog Log => _log ?? throw new InvalidOperationException("not initialized");

    /// <summary>A new, empty log.</summary>
    protected abstract Task<IAuditLog> CreateLogAsync();

    /// <summary>Sets the stored outcome (and, when given, the stored hash) of entry <paramref name="seq"/>, bypassing the log.</summary>
    protected abstract Task TamperAsync(long seq, string outcome, string? hash = null);

    /// <summary>Deletes stored entry <paramref name="seq"/>, bypassing the log.</summary>
    protected abstract Task RemoveAsync(long seq);

    /// <summary>Swaps the stored positions of two entries, bypassing the log.</summary>
    protected abstract Task SwapAsync(long seqA, long seqB);

    public async Task InitializeAsync() => _log = await CreateLogAsync();

    public virtual Task DisposeAsync()
    {
        (_log as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    protected static AuditEvent Event(int n, string requestId = "req-1", string actor = "alice@acme.com", string? target = "tom@acme.com", string? action = "password_reset", DateTimeOffset? at = null) => new()
    {
        EventId = $"evt-{n}",
        RequestId = requestId,
        InstanceId = $"inst-{requestId}",
        Actor = actor,
        Event = "step_succeeded",
        Action = action,
        Target = target,
        Outcome = "ok",
        Details = $"step {n}",
        At = at ?? T0.AddMinutes(n),
    };

    protected async Task AppendManyAsync(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await Log.AppendAsync(Event(i));
        }
    }

    [Fact]
    public async Task AppendAsync_ReturnsChainedEntriesWithConsecutiveSeqGivenNewEvents()
    {
        var first = await Log.AppendAsync(Event(1));
        var second = await Log.AppendAsync(Event(2));

        Assert.Equal(1, first.Seq);
        Assert.Equal(AuditHash.Genesis, first.PrevHash);
        Assert.Equal(AuditHash.Compute(first), first.Hash);
        Assert.Equal(2, second.Seq);
        Assert.Equal(first.Hash, second.PrevHash);
        Assert.Equal("evt-2", second.EventId);
        Assert.Equal(T0.AddMinutes(2), second.At);
        Assert.Equal("step 2", second.Details);
    }

    [Fact]
    public async Task AppendAsync_ReturnsExistingEntryAndAddsNothingGivenSameEventIdAgain()
    {
        var original = await Log.AppendAsync(Event(1));
        await Log.AppendAsync(Event(2));

        var again = await Log.AppendAsync(Event(1) with { Outcome = "different", At = T0.AddDays(1) });

        Assert.Equal(original, again);
        var all = await ReadAllAsync();
        Assert.Equal([1L, 2L], all.Select(e => e.Seq));
    }

    [Fact]
    public async Task AppendAsync_RoundTripsEveryFieldGivenOptionalFieldsAndOffsets()
    {
        var at = new DateTimeOffset(2026, 11, 26, 12, 34, 56, TimeSpan.FromHours(2)).AddTicks(1234567);
        var sparse = new AuditEvent { EventId = "e/#?1", RequestId = "r", Actor = "système", Event = "received", Outcome = "ok", At = at };
        var full = Event(2) with { Details = "quote \" comma , newline \n unicode ✓" };

        var a = await Log.AppendAsync(sparse);
        var b = await Log.AppendAsync(full);

        var all = await ReadAllAsync();
        Assert.Equal([a, b], all);
        Assert.Null(all[0].InstanceId);
        Assert.Null(all[0].Target);
        Assert.Equal(at.Offset, all[0].At.Offset);
        Assert.Equal(at.Ticks, all[0].At.Ticks);
    }

    [Fact]
    public async Task QueryAsync_ReturnsOnlyMatchingEntriesGivenEachFilter()
    {
        await Log.AppendAsync(Event(1, requestId: "r1", actor: "alice@acme.com", target: "tom@acme.com", action: "password_reset"));
        await Log.AppendAsync(Event(2, requestId: "r2", actor: "bob@acme.com", target: "sarah@acme.com", action: "grant_access"));
        await Log.AppendAsync(Event(3, requestId: "r1", actor: "Alice@Acme.com", target: "TOM@acme.com", action: "mfa_reset"));
        await Log.AppendAsync(Event(4, requestId: "r3", actor: "dex", target: null, action: null));

        async Task<long[]> Seqs(AuditQuery q) => [.. (await Log.QueryAsync(q)).Entries.Select(e => e.Seq)];

        Assert.Equal(Seq(1, 3), await Seqs(new AuditQuery { RequestId = "r1" }));
        Assert.Equal(Seq(1, 3), await Seqs(new AuditQuery { Actor = "ALICE@acme.com" }));
        Assert.Equal(Seq(1, 3), await Seqs(new AuditQuery { Target = "tom@ACME.com" }));
        Assert.Equal(Seq(2), await Seqs(new AuditQuery { Action = "grant_access" }));
        Assert.Equal(Seq(2, 3), await Seqs(new AuditQuery { From = T0.AddMinutes(2), To = T0.AddMinutes(3) }));
        Assert.Equal(Seq(3, 4), await Seqs(new AuditQuery { From = T0.AddMinutes(3).ToOffset(TimeSpan.FromHours(-5)) }));
        Assert.Equal(Seq(3), await Seqs(new AuditQuery { RequestId = "r1", Action = "mfa_reset" }));
        Assert.Empty(await Seqs(new AuditQuery { RequestId = "nope" }));
        Assert.Equal(Seq(1, 2, 3, 4), await Seqs(new AuditQuery()));
    }

    [Fact]
    public async Task QueryAsync_ReturnsEveryMatchOnceGivenAfterSeqPaging()
    {
        for (var i = 1; i <= 25; i++)
        {
            await Log.AppendAsync(Event(i, requestId: i % 2 == 0 ? "even" : "odd"));
        }

        var seen = new List<long>();
        long after = 0;
        var pages = 0;
        while (true)
        {
            var page = await Log.QueryAsync(new AuditQuery { RequestId = "odd", AfterSeq = after, Limit = 4 });
            pages++;
            Assert.True(page.Entries.Count <= 4);
            seen.AddRange(page.Entries.Select(e => e.Seq));
            if (page.NextAfterSeq is not { } next)
            {
                break;
            }

            Assert.Equal(page.Entries[^1].Seq, next);
            after = next;
        }

        Assert.Equal(Enumerable.Range(0, 13).Select(i => (long)(2 * i + 1)), seen);
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task QueryAsync_ReturnsNoCursorGivenLastPageExactlyFull()
    {
        await AppendManyAsync(4);

        var page = await Log.QueryAsync(new AuditQuery { Limit = 4 });

        Assert.Equal(4, page.Entries.Count);
        Assert.Null(page.NextAfterSeq);
    }

    [Fact]
    public async Task ReadAllAsync_StreamsEveryEntryInSeqOrder()
    {
        await AppendManyAsync(12);

        var all = await ReadAllAsync();

        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), all.Select(e => e.Seq));
    }

    [Fact]
    public async Task VerifyAsync_ReturnsOkGivenUntouchedChain()
    {
        Assert.Equal(new AuditVerification(true, 0, null), await Log.VerifyAsync());
        await AppendManyAsync(10);

        Assert.Equal(new AuditVerification(true, 10, null), await Log.VerifyAsync());
    }

    [Fact]
    public async Task VerifyAsync_ReturnsFirstBadSeqGivenStoredFieldAltered()
    {
        await AppendManyAsync(10);

        await TamperAsync(6, "denied");

        var result = await Log.VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(6, result.FirstBadSeq);
    }

    [Fact]
    public async Task VerifyAsync_ReturnsNextSeqGivenStoredFieldAlteredAndItsHashRecomputed()
    {
        await AppendManyAsync(10);
        var forged = (await ReadAllAsync())[5] with { Outcome = "denied" };

        await TamperAsync(6, "denied", AuditHash.Compute(forged));

        var result = await Log.VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(7, result.FirstBadSeq); // entry 7 still links to the genuine hash of 6
    }

    [Fact]
    public async Task VerifyAsync_ReturnsLastSeqGivenNewestEntryAlteredAndItsHashRecomputed()
    {
        await AppendManyAsync(10);
        var forged = (await ReadAllAsync())[9] with { Outcome = "denied" };

        await TamperAsync(10, "denied", AuditHash.Compute(forged));

        var result = await Log.VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(10, result.FirstBadSeq); // no successor to catch it: the recorded head does
    }

    [Fact]
    public async Task VerifyAsync_ReturnsFirstBadSeqGivenEntryRemoved()
    {
        await AppendManyAsync(10);

        await RemoveAsync(4);

        var result = await Log.VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(4, result.FirstBadSeq);
    }

    [Fact]
    public async Task VerifyAsync_ReturnsFirstBadSeqGivenNewestEntriesRemoved()
    {
        await AppendManyAsync(10);

        await RemoveAsync(10);
        await RemoveAsync(9);

        var result = await Log.VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(9, result.FirstBadSeq);
    }

    [Fact]
    public async Task VerifyAsync_ReturnsFirstBadSeqGivenEntriesReordered()
    {
        await AppendManyAsync(10);

        await SwapAsync(3, 7);

        var result = await Log.VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(3, result.FirstBadSeq);
    }

    [Fact]
    public async Task AppendAsync_LosesAndDuplicatesNothingGiven200ConcurrentCallers()
    {
        // Every event is sent twice at once: the log must keep exactly one of each, in one valid chain.
        var events = Enumerable.Range(1, 200).Select(i => Event(i, requestId: $"r{i % 7}")).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = events.Concat(events).Select(e => Task.Run(async () =>
        {
            await start.Task;
            return await Log.AppendAsync(e);
        })).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(tasks);

        var all = await ReadAllAsync();
        Assert.Equal(200, all.Count);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), all.Select(e => e.Seq));
        Assert.Equal(events.Select(e => e.EventId).Order(StringComparer.Ordinal), all.Select(e => e.EventId).Order(StringComparer.Ordinal));
        foreach (var group in results.GroupBy(r => r.EventId))
        {
            Assert.Single(group.Distinct());
        }

        Assert.Equal(new AuditVerification(true, 200, null), await Log.VerifyAsync());
    }

    protected static long[] Seq(params long[] seqs) => seqs;

    protected async Task<List<AuditEntry>> ReadAllAsync()
    {
        var list = new List<AuditEntry>();
        await foreach (var e in Log.ReadAllAsync())
        {
            list.Add(e);
        }

        return list;
    }
}
