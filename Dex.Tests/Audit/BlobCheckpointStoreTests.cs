using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Dex.Core.Audit;

namespace Dex.Tests.Audit;

/// <summary>
/// Azure's checkpoint trail: a Blob append blob on a real Azurite, signed by the Key Vault signer (against its stand-in),
/// catching what a full rewrite of the audit store hides from the store's own chain.
/// </summary>
[Collection(AzuriteBlobCollection.Name)]
public sealed class BlobCheckpointStore_Azurite(AzuriteBlobFixture azurite) : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly KeyVaultStandIn _vault = new();
    private readonly HttpClient _http = new();
    private readonly string _containerName = "checkpoints" + Guid.NewGuid().ToString("N")[..12];
    private BlobContainerClient _container = null!;

    public async Task InitializeAsync()
    {
        await _vault.StartAsync();
        _container = azurite.CreateBlobServiceClient().GetBlobContainerClient(_containerName);
        await _container.CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private BlobCheckpointStore Store() => new(azurite.CreateBlobServiceClient().GetBlobContainerClient(_containerName));

    private KeyVaultCheckpointSigner Signer() => new(_http, new FixedTokenCredential(KeyVaultStandIn.Token), _vault.KeyId);

    private CheckpointedAuditLog Checkpointed(IAuditLog store) => new(store, Signer(), Store(), new CheckpointOptions { EveryEntries = 5, EveryInterval = TimeSpan.FromDays(1) });

    private static AuditEvent Event(int n, string details = "") => new()
    {
        EventId = $"evt-{n}", RequestId = "req-1", Actor = "alice@acme.com", Event = "step_succeeded", Action = "password_reset",
        Target = "tom@acme.com", Outcome = "ok", Details = $"step {n}{details}", At = T0.AddMinutes(n),
    };

    private static AuditCheckpoint Checkpoint(long seq) => new(seq, $"hash-{seq}", T0.AddMinutes(seq), "kid", $"sig-{seq}");

    /// <summary>Writes 1..count through the checkpointed log, then replaces the store with <paramref name="forged"/>, consistently re-hashed.</summary>
    private async Task<IAuditLog> ForgeAsync(int count, IEnumerable<AuditEvent> forged)
    {
        var log = Checkpointed(new InMemoryAuditLog());
        for (var i = 1; i <= count; i++)
        {
            await log.AppendAsync(Event(i));
        }

        var rewritten = new InMemoryAuditLog();
        foreach (var e in forged)
        {
            await rewritten.AppendAsync(e);
        }

        Assert.True((await rewritten.VerifyAsync()).Ok);
        return rewritten;
    }

    [Fact]
    public async Task ReadAllAsync_ReturnsNothingGivenNoCheckpointYet()
        => Assert.Empty(await Store().ReadAllAsync());

    [Fact]
    public async Task AppendAsync_AddsBlocksToOneAppendBlobAndNeverRewritesEarlierOnes()
    {
        await Store().AppendAsync(Checkpoint(5));
        var blob = _container.GetBlobClient(BlobCheckpointStore.DefaultBlob);
        var before = (await blob.DownloadContentAsync()).Value.Content.ToArray();

        await Store().AppendAsync(Checkpoint(10));
        await Store().AppendAsync(Checkpoint(15));

        var properties = (await blob.GetPropertiesAsync()).Value;
        var after = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(BlobType.Append, properties.BlobType);
        Assert.Equal(3, properties.BlobCommittedBlockCount);
        Assert.Equal(before, after[..before.Length]);
        Assert.Equal([5L, 10L, 15L], (await Store().ReadAllAsync()).Select(c => c.Seq));
        Assert.Equal(Checkpoint(10), (await Store().ReadAllAsync())[1]);
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
    public async Task VerifyAsync_ReportsTruncationGivenNewestEntriesRemoved()
    {
        var forged = await ForgeAsync(12, Enumerable.Range(1, 8).Select(i => Event(i)));

        var result = await Checkpointed(forged).VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal(AuditProblems.Truncated, result.Problem);
        Assert.Equal(9, result.FirstBadSeq);
    }

    [Fact]
    public async Task VerifyAsync_ReportsForgedCheckpointGivenALineAppendedWithoutTheVaultKey()
    {
        var log = Checkpointed(new InMemoryAuditLog());
        for (var i = 1; i <= 5; i++)
        {
            await log.AppendAsync(Event(i));
        }

        // Appending is what the WORM policy still allows; without the vault key the added checkpoint cannot verify.
        using var line = new MemoryStream(Encoding.UTF8.GetBytes("{\"seq\":3,\"hash\":\"x\",\"at\":\"2026-11-26T09:03:00+00:00\",\"keyId\":\"k\",\"signature\":\"AAAA\"}\n"));
        await _container.GetAppendBlobClient(BlobCheckpointStore.DefaultBlob).AppendBlockAsync(line);

        var result = await log.VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal(AuditProblems.CheckpointForged, result.Problem);
    }

    [Fact]
    public async Task VerifyAsync_PassesAndCheckpointsTheTailGivenAnUntouchedStore()
    {
        var log = Checkpointed(new InMemoryAuditLog());
        for (var i = 1; i <= 7; i++)
        {
            await log.AppendAsync(Event(i));
        }

        var result = await log.VerifyAsync();

        Assert.True(result.Ok);
        Assert.Equal([5L, 7L], (await Store().ReadAllAsync()).Select(c => c.Seq));
    }
}
