using Azure;
using Azure.Data.Tables;
using Dex.Core.Audit;
using Microsoft.Data.Sqlite;

namespace Dex.Tests.Audit;

/// <summary>
/// Signed checkpoints outside the store catch what the store's own chain cannot: an attacker who rewrites the whole
/// store and recomputes every hash (and the store's head). The same suite runs on SQLite and on Table storage.
/// </summary>
public abstract class CheckpointedAuditLogContract : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    protected string Dir { get; } = Directory.CreateTempSubdirectory("dex-checkpoints-").FullName;

    private FileCheckpointSigner _signer = null!;
    private FileCheckpointStore _checkpoints = null!;

    /// <summary>The store under test, over its storage.</summary>
    protected abstract Task<IAuditLog> OpenStoreAsync();

    /// <summary>What an attacker with write access to the storage does before writing a forged chain: empties it.</summary>
    protected abstract Task WipeStoreAsync(IAuditLog store);

    public Task InitializeAsync()
    {
        _signer = new FileCheckpointSigner(Path.Combine(Dir, "audit-checkpoint.key"));
        _checkpoints = new FileCheckpointStore(Path.Combine(Dir, "audit-checkpoints.jsonl"));
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _signer.Dispose();
        GC.SuppressFinalize(this);
    }

    public virtual Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }

        return Task.CompletedTask;
    }

    private CheckpointedAuditLog Checkpointed(IAuditLog store) => new(store, _signer, _checkpoints, new CheckpointOptions { EveryEntries = 5, EveryInterval = TimeSpan.FromDays(1) });

    private static AuditEvent Event(int n, string details = "") => new()
    {
        EventId = $"evt-{n}",
        RequestId = "req-1",
        Actor = "alice@acme.com",
        Event = "step_succeeded",
        Action = "password_reset",
        Target = "tom@acme.com",
        Outcome = "ok",
        Details = $"step {n}{details}",
        At = T0.AddMinutes(n),
    };

    /// <summary>Writes 1..count through a checkpointed log (checkpoints at 5, 10, ...), then lets the attacker replace the store with <paramref name="forged"/>.</summary>
    private async Task<IAuditLog> ForgeAsync(int count, IEnumerable<AuditEvent> forged)
    {
        var store = await OpenStoreAsync();
        var log = Checkpointed(store);
        for (var i = 1; i <= count; i++)
        {
            await log.AppendAsync(Event(i));
        }

        await WipeStoreAsync(store);
        var raw = await OpenStoreAsync();
        foreach (var e in forged)
        {
            await raw.AppendAsync(e);
        }

        // The forged store is internally consistent: its own chain (and head) verifies.
        Assert.True((await raw.VerifyAsync()).Ok);
        return raw;
    }

    [Fact]
    public async Task VerifyAsync_ReportsRewriteGivenStoreEditedAndFullyReHashed()
    {
        var forged = await ForgeAsync(12, Enumerable.Range(1, 12).Select(i => i == 7 ? Event(i, " (edited)") : Event(i)));

        var result = await Checkpointed(forged).VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal(AuditProblems.Rewritten, result.Problem);
        Assert.Equal(6, result.FirstBadSeq);
    }

    [Fact]
    public async Task VerifyAsync_ReportsTruncationGivenNewestEntriesRemovedWithHeadRewritten()
    {
        var forged = await ForgeAsync(12, Enumerable.Range(1, 8).Select(i => Event(i)));

        var result = await Checkpointed(forged).VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal(AuditProblems.Truncated, result.Problem);
        Assert.Equal(9, result.FirstBadSeq);
    }

    [Fact]
    public async Task VerifyAsync_ReportsEntriesAfterLastCheckpointThenCheckpointsThem()
    {
        var log = Checkpointed(await OpenStoreAsync());
        for (var i = 1; i <= 12; i++)
        {
            await log.AppendAsync(Event(i));
        }

        var first = await log.VerifyAsync();
        var second = await log.VerifyAsync();

        Assert.True(first.Ok);
        Assert.Null(first.Problem);
        Assert.Equal(10, first.LastCheckpointSeq);
        Assert.Equal(2, first.UncheckpointedEntries);
        Assert.True(second.Ok);
        Assert.Equal(12, second.LastCheckpointSeq);
        Assert.Equal(0, second.UncheckpointedEntries);
    }

    [Fact]
    public async Task VerifyAsync_ReportsForgedCheckpointGivenCheckpointFileEdited()
    {
        var log = Checkpointed(await OpenStoreAsync());
        for (var i = 1; i <= 5; i++)
        {
            await log.AppendAsync(Event(i));
        }

        var path = Path.Combine(Dir, "audit-checkpoints.jsonl");
        var line = (await File.ReadAllLinesAsync(path))[0];
        await File.WriteAllTextAsync(path, line.Replace("\"seq\":5", "\"seq\":4", StringComparison.Ordinal) + "\n");

        var result = await log.VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal(AuditProblems.CheckpointForged, result.Problem);
    }

    [Fact]
    public async Task VerifyAsync_ReportsChainProblemGivenEditWithoutReHash()
    {
        var store = await OpenStoreAsync();
        var log = Checkpointed(store);
        for (var i = 1; i <= 6; i++)
        {
            await log.AppendAsync(Event(i));
        }

        await WipeStoreAsync(store);
        var raw = await OpenStoreAsync();
        for (var i = 1; i <= 6; i++)
        {
            await raw.AppendAsync(Event(i));
        }

        await TamperOutcomeAsync(raw, 3);

        var result = await Checkpointed(raw).VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal(AuditProblems.Chain, result.Problem);
        Assert.Equal(3, result.FirstBadSeq);
    }

    [Fact]
    public async Task DisposeAsync_WritesCheckpointGivenEntriesSinceTheLast()
    {
        var store = await OpenStoreAsync();
        var log = Checkpointed(store);
        for (var i = 1; i <= 3; i++)
        {
            await log.AppendAsync(Event(i));
        }

        Assert.Empty(await _checkpoints.ReadAllAsync());
        await log.DisposeAsync();

        Assert.Equal(3, Assert.Single(await _checkpoints.ReadAllAsync()).Seq);
    }

    /// <summary>Edits one stored entry's outcome without recomputing its hash.</summary>
    protected abstract Task TamperOutcomeAsync(IAuditLog store, long seq);
}

public sealed class SqliteAuditLog_Checkpoints : CheckpointedAuditLogContract
{
    private readonly List<SqliteAuditLog> _opened = [];

    private string DbPath => Path.Combine(Dir, "audit.db");

    protected override Task<IAuditLog> OpenStoreAsync()
    {
        var store = new SqliteAuditLog(DbPath);
        _opened.Add(store);
        return Task.FromResult<IAuditLog>(store);
    }

    public override async Task DisposeAsync()
    {
        // Each store releases its own pooled connections (never every pool of the process: other tests run meanwhile).
        foreach (var store in _opened)
        {
            store.Dispose();
        }

        await base.DisposeAsync();
    }

    protected override async Task WipeStoreAsync(IAuditLog store)
    {
        await using var connection = new SqliteConnection(((SqliteAuditLog)store).ConnectionString);
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var t in tables)
        {
            command.CommandText = $"DELETE FROM \"{t}\"";
            await command.ExecuteNonQueryAsync();
        }

        ((SqliteAuditLog)store).Dispose();
    }

    protected override async Task TamperOutcomeAsync(IAuditLog store, long seq)
    {
        await using var connection = new SqliteConnection(((SqliteAuditLog)store).ConnectionString);
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE audit_entries SET outcome = 'forged' WHERE seq = $seq";
        command.Parameters.AddWithValue("$seq", seq);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class TableStorageAuditLog_Checkpoints(AzuriteFixture azurite) : CheckpointedAuditLogContract
{
    private readonly string _tableName = AzuriteFixture.UniqueTableName("ckpt");

    protected override Task<IAuditLog> OpenStoreAsync() => Task.FromResult<IAuditLog>(new TableStorageAuditLog(azurite.CreateServiceClient(), _tableName));

    public override async Task DisposeAsync()
    {
        await azurite.CreateServiceClient().DeleteTableAsync(_tableName);
        await base.DisposeAsync();
    }

    protected override async Task WipeStoreAsync(IAuditLog store)
    {
        var table = ((TableStorageAuditLog)store).Table;
        await foreach (var e in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            await table.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All);
        }
    }

    protected override async Task TamperOutcomeAsync(IAuditLog store, long seq)
    {
        var s = (TableStorageAuditLog)store;
        await s.Table.UpdateEntityAsync(new TableEntity(s.Chain, TableStorageAuditLog.EntryRowKey(seq)) { ["Outcome"] = "forged" }, ETag.All, TableUpdateMode.Merge);
    }
}
