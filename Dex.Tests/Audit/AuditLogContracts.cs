using Azure;
using Azure.Data.Tables;
using Dex.Core.Audit;
using Microsoft.Data.Sqlite;

namespace Dex.Tests.Audit;

public sealed class InMemoryAuditLog_Contract : AuditLogContract
{
    private InMemoryAuditLog Store => (InMemoryAuditLog)Log;

    protected override Task<IAuditLog> CreateLogAsync() => Task.FromResult<IAuditLog>(new InMemoryAuditLog());

    protected override Task TamperAsync(long seq, string outcome, string? hash = null)
    {
        Store.TamperForTest(seq, e => e with { Outcome = outcome, Hash = hash ?? e.Hash });
        return Task.CompletedTask;
    }

    protected override Task RemoveAsync(long seq)
    {
        Store.RemoveForTest(seq);
        return Task.CompletedTask;
    }

    protected override Task SwapAsync(long seqA, long seqB)
    {
        Store.SwapForTest(seqA, seqB);
        return Task.CompletedTask;
    }
}

public sealed class SqliteAuditLog_Contract : AuditLogContract
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dex-audit-").FullName;

    private SqliteAuditLog Store => (SqliteAuditLog)Log;

    protected override Task<IAuditLog> CreateLogAsync() => Task.FromResult<IAuditLog>(new SqliteAuditLog(Path.Combine(_dir, "audit.db")));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    protected override Task TamperAsync(long seq, string outcome, string? hash = null)
        => ExecuteAsync("UPDATE audit_entries SET outcome = $v, hash = coalesce($hash, hash) WHERE seq = $seq", ("$v", outcome), ("$hash", (object?)hash ?? DBNull.Value), ("$seq", seq));

    protected override Task RemoveAsync(long seq)
        => ExecuteAsync("DELETE FROM audit_entries WHERE seq = $seq", ("$seq", seq));

    // Rows trade places: each keeps its content (its own seq column included) but moves to the other's position.
    protected override Task SwapAsync(long seqA, long seqB)
        => ExecuteAsync(
            """
            UPDATE audit_entries SET seq = -1 WHERE seq = $a;
            UPDATE audit_entries SET seq = $a WHERE seq = $b;
            UPDATE audit_entries SET seq = $b WHERE seq = -1;
            """,
            ("$a", seqA),
            ("$b", seqB));

    [Fact]
    public async Task Constructor_ReopensExistingChainGivenSameFile()
    {
        await AppendManyAsync(3);
        Store.Dispose();

        using var reopened = new SqliteAuditLog(Path.Combine(_dir, "audit.db"));
        var fourth = await reopened.AppendAsync(Event(4));

        Assert.Equal(4, fourth.Seq);
        Assert.Equal(new AuditVerification(true, 4, null), await reopened.VerifyAsync());
    }

    [Fact]
    public async Task Constructor_UsesWriteAheadLogGivenFilePath()
    {
        await using var connection = new SqliteConnection(Store.ConnectionString);
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AppendAsync_KeepsOneChainGivenTwoInstancesOnOneFile()
    {
        // Two hosts sharing the file: the IMMEDIATE transaction, not the in-process gate, keeps them apart.
        using var other = new SqliteAuditLog(Store.ConnectionString);
        var tasks = Enumerable.Range(1, 100).Select(i => (i % 2 == 0 ? Log : other).AppendAsync(Event(i)));
        await Task.WhenAll(tasks);

        Assert.Equal(new AuditVerification(true, 100, null), await Log.VerifyAsync());
    }

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection(Store.ConnectionString);
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        Assert.True(await command.ExecuteNonQueryAsync() > 0);
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class TableStorageAuditLog_Contract(AzuriteFixture azurite) : AuditLogContract
{
    private readonly string _tableName = AzuriteFixture.UniqueTableName("audit");

    private TableStorageAuditLog Store => (TableStorageAuditLog)Log;

    protected override Task<IAuditLog> CreateLogAsync() => Task.FromResult<IAuditLog>(new TableStorageAuditLog(azurite.CreateServiceClient(), _tableName));

    public override async Task DisposeAsync()
    {
        await azurite.CreateServiceClient().DeleteTableAsync(_tableName);
        await base.DisposeAsync();
    }

    protected override async Task TamperAsync(long seq, string outcome, string? hash = null)
    {
        var entity = new TableEntity(Store.Chain, TableStorageAuditLog.EntryRowKey(seq)) { ["Outcome"] = outcome };
        if (hash is not null)
        {
            entity["Hash"] = hash;
        }

        await Store.Table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge);
    }

    protected override async Task RemoveAsync(long seq)
        => await Store.Table.DeleteEntityAsync(Store.Chain, TableStorageAuditLog.EntryRowKey(seq), ETag.All);

    // Entities trade places: each keeps its properties (Seq included) under the other's RowKey.
    protected override async Task SwapAsync(long seqA, long seqB)
    {
        var a = (await Store.Table.GetEntityAsync<TableEntity>(Store.Chain, TableStorageAuditLog.EntryRowKey(seqA))).Value;
        var b = (await Store.Table.GetEntityAsync<TableEntity>(Store.Chain, TableStorageAuditLog.EntryRowKey(seqB))).Value;
        (a.RowKey, b.RowKey) = (b.RowKey, a.RowKey);
        await Store.Table.UpsertEntityAsync(a, TableUpdateMode.Replace);
        await Store.Table.UpsertEntityAsync(b, TableUpdateMode.Replace);
    }

    [Fact]
    public async Task AppendAsync_KeepsOneChainGivenSeveralWritersOnOneTable()
    {
        // Separate instances stand for separate Functions hosts: only the head's ETag keeps them from forking the chain.
        var writers = Enumerable.Range(0, 4).Select(_ => new TableStorageAuditLog(azurite.CreateServiceClient(), _tableName)).ToArray();
        try
        {
            var events = Enumerable.Range(1, 60).Select(i => Event(i)).ToArray();
            await Task.WhenAll(events.Select((e, i) => writers[i % writers.Length].AppendAsync(e))
                .Concat(events.Select((e, i) => writers[(i + 1) % writers.Length].AppendAsync(e))));

            var all = await ReadAllAsync();
            Assert.Equal(60, all.Count);
            Assert.Equal(60, all.Select(e => e.EventId).Distinct().Count());
            Assert.Equal(new AuditVerification(true, 60, null), await Log.VerifyAsync());
            Assert.True(writers.Sum(w => w.Conflicts) > 0, "the writers never raced for the head; the test proves nothing");
        }
        finally
        {
            foreach (var w in writers)
            {
                w.Dispose();
            }
        }
    }

    [Fact]
    public async Task AppendAsync_RelinksToNewHeadGivenAnotherWriterAppendedMeanwhile()
    {
        using var other = new TableStorageAuditLog(azurite.CreateServiceClient(), _tableName);
        await Log.AppendAsync(Event(1));
        await other.AppendAsync(Event(2));

        var third = await Log.AppendAsync(Event(3)); // this instance's cached head (seq 1) is stale now

        Assert.Equal(3, third.Seq);
        Assert.Equal(1, Store.Conflicts);
        Assert.Equal(new AuditVerification(true, 3, null), await Log.VerifyAsync());
    }

    [Fact]
    public async Task AppendAsync_RejectsDetailsLongerThanTableStorageAllows()
    {
        var tooLong = Event(1) with { Details = new string('x', TableStorageAuditLog.MaxFieldLength + 1) };

        await Assert.ThrowsAsync<ArgumentException>(() => Log.AppendAsync(tooLong));
    }
}
