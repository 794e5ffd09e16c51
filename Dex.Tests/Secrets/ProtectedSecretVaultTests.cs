using System.Text;
using Dex.Core.Secrets;
using Dex.Tests.Audit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Dex.Tests.Secrets;

/// <summary>The vault's behaviour, run once per backing store.</summary>
public abstract class ProtectedSecretVaultContract : IAsyncLifetime
{
    protected const string Password = "Xk7#qL9!mW2$vB4p";

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    protected IDataProtectionProvider DataProtection { get; } = new EphemeralDataProtectionProvider();

    protected ISecretStore Store { get; private set; } = null!;

    protected ProtectedSecretVault Vault { get; private set; } = null!;

    protected abstract Task<ISecretStore> CreateStoreAsync();

    /// <summary>Everything the store holds at rest, as raw bytes.</summary>
    protected abstract Task<byte[]> RawStorageAsync();

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        Vault = new ProtectedSecretVault(Store, DataProtection, Time);
    }

    public virtual Task DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RevealOnceAsync_ReturnsSecretGivenFirstView()
    {
        var token = await Vault.StoreAsync("tom@acme.com", "Temporary password", Password, TimeSpan.FromHours(1));

        var revealed = await Vault.RevealOnceAsync(token);

        Assert.Equal(new RevealedSecret("tom@acme.com", "Temporary password", Password), revealed);
    }

    [Fact]
    public async Task RevealOnceAsync_ReturnsNullGivenSecondView()
    {
        var token = await Vault.StoreAsync("tom@acme.com", "pw", Password, TimeSpan.FromHours(1));
        await Vault.RevealOnceAsync(token);

        Assert.Null(await Vault.RevealOnceAsync(token));
    }

    [Fact]
    public async Task RevealOnceAsync_ReturnsSecretToExactlyOneGivenConcurrentViews()
    {
        var token = await Vault.StoreAsync("tom@acme.com", "pw", Password, TimeSpan.FromHours(1));

        var views = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Vault.RevealOnceAsync(token))));

        Assert.Single(views, v => v is not null);
    }

    [Fact]
    public async Task RevealOnceAsync_ReturnsNullAndDeletesGivenExpiredToken()
    {
        var token = await Vault.StoreAsync("tom@acme.com", "pw", Password, TimeSpan.FromHours(1));
        Time.Advance(TimeSpan.FromHours(1));

        Assert.Null(await Vault.RevealOnceAsync(token));
        var earlier = new ProtectedSecretVault(Store, DataProtection, new FakeTimeProvider(Time.GetUtcNow().AddHours(-2)));
        Assert.Null(await earlier.RevealOnceAsync(token)); // gone, not merely hidden
    }

    [Fact]
    public async Task RevealOnceAsync_ReturnsSecretGivenDefaultTtlNotYetReached()
    {
        var token = await Vault.StoreAsync("tom@acme.com", "pw", Password);
        Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));

        Assert.NotNull(await Vault.RevealOnceAsync(token));
    }

    [Fact]
    public async Task RevealOnceAsync_ReturnsNullGivenDefaultTtlPassed()
    {
        var token = await Vault.StoreAsync("tom@acme.com", "pw", Password, TimeSpan.Zero);
        Time.Advance(TimeSpan.FromHours(24));

        Assert.Null(await Vault.RevealOnceAsync(token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("../../etc/passwd")]
    public async Task RevealOnceAsync_ReturnsNullGivenGarbageToken(string token)
    {
        await Vault.StoreAsync("tom@acme.com", "pw", Password, TimeSpan.FromHours(1));

        Assert.Null(await Vault.RevealOnceAsync(token));
    }

    [Fact]
    public async Task RevealOnceAsync_ReturnsNullAndKeepsSecretGivenForgedTokenOneCharacterOff()
    {
        var token = await Vault.StoreAsync("tom@acme.com", "pw", Password, TimeSpan.FromHours(1));
        var forged = (token[0] == 'A' ? 'B' : 'A') + token[1..];

        Assert.Null(await Vault.RevealOnceAsync(forged));
        Assert.NotNull(await Vault.RevealOnceAsync(token));
    }

    [Fact]
    public async Task RevealOnceAsync_ReturnsNullGivenVaultWithAnotherKeyRing()
    {
        var token = await Vault.StoreAsync("tom@acme.com", "pw", Password, TimeSpan.FromHours(1));
        var stranger = new ProtectedSecretVault(Store, new EphemeralDataProtectionProvider(), Time);

        Assert.Null(await stranger.RevealOnceAsync(token));
    }

    [Fact]
    public async Task StoreAsync_ReturnsUrlSafe256BitTokensThatDiffer()
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 50; i++)
        {
            tokens.Add(await Vault.StoreAsync("tom@acme.com", "pw", Password, TimeSpan.FromHours(1)));
        }

        Assert.Equal(50, tokens.Count);
        Assert.All(tokens, t =>
        {
            Assert.Equal(43, t.Length); // 32 bytes, base64url without padding
            Assert.Matches("^[A-Za-z0-9_-]+$", t);
        });
    }

    [Fact]
    public async Task StoreAsync_KeepsNeitherPlaintextNorTokenAtRest()
    {
        var token = await Vault.StoreAsync("tom@acme.com", "Temporary password", Password, TimeSpan.FromHours(1));

        var raw = await RawStorageAsync();

        Assert.NotEmpty(raw);
        foreach (var needle in new[] { Password, token, "tom@acme.com", "Temporary password" })
        {
            Assert.Equal(-1, raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)));
            Assert.Equal(-1, raw.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)));
            Assert.Equal(-1, raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(needle))[..12])));
        }
    }

    [Fact]
    public async Task IsAvailableAsync_ReturnsTrueWithoutUsingUpTheViewGivenFreshToken()
    {
        var token = await Vault.StoreAsync("tom@acme.com", "pw", Password, TimeSpan.FromHours(1));

        Assert.True(await Vault.IsAvailableAsync(token));
        Assert.True(await Vault.IsAvailableAsync(token));
        Assert.NotNull(await Vault.RevealOnceAsync(token));
        Assert.False(await Vault.IsAvailableAsync(token));
    }

    [Fact]
    public async Task IsAvailableAsync_ReturnsFalseGivenExpiredOrGarbageToken()
    {
        var token = await Vault.StoreAsync("tom@acme.com", "pw", Password, TimeSpan.FromHours(1));
        Time.Advance(TimeSpan.FromHours(2));

        Assert.False(await Vault.IsAvailableAsync(token));
        Assert.False(await Vault.IsAvailableAsync("garbage"));
    }

    [Fact]
    public async Task StoreAsync_ThrowsGivenNegativeTimeToLive()
        => await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Vault.StoreAsync("tom@acme.com", "pw", Password, TimeSpan.FromSeconds(-1)));

    [Fact]
    public async Task PurgeExpiredAsync_RemovesOnlyExpiredRecords()
    {
        await Vault.StoreAsync("a@acme.com", "pw", Password, TimeSpan.FromMinutes(5));
        var keep = await Vault.StoreAsync("b@acme.com", "pw", Password, TimeSpan.FromHours(2));
        Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(1, await Vault.PurgeExpiredAsync());
        Assert.NotNull(await Vault.RevealOnceAsync(keep));
    }
}

public sealed class ProtectedSecretVault_InMemoryStore : ProtectedSecretVaultContract
{
    protected override Task<ISecretStore> CreateStoreAsync() => Task.FromResult<ISecretStore>(new InMemorySecretStore());

    [Fact]
    public async Task RevealOnceAsync_ReturnsNullGivenAnotherRecordsCiphertextUnderThisId()
    {
        var mine = await Vault.StoreAsync("tom@acme.com", "pw", "mine", TimeSpan.FromHours(1));
        var theirs = await Vault.StoreAsync("eve@acme.com", "pw", "theirs", TimeSpan.FromHours(1));
        var records = ((InMemorySecretStore)Store).Snapshot();
        var mineRecord = Assert.Single(records, r => r.Id == ProtectedSecretVault.IdOf(System.Buffers.Text.Base64Url.DecodeFromChars(mine)));
        var theirsRecord = Assert.Single(records, r => r != mineRecord);

        // Someone with write access to the store swaps the blobs.
        await Store.TakeAsync(mineRecord.Id);
        await Store.AddAsync(mineRecord with { Ciphertext = theirsRecord.Ciphertext });

        Assert.Null(await Vault.RevealOnceAsync(mine));
        Assert.NotNull(await Vault.RevealOnceAsync(theirs));
    }

    protected override Task<byte[]> RawStorageAsync()
    {
        var records = ((InMemorySecretStore)Store).Snapshot();
        var raw = records.SelectMany(r => Encoding.UTF8.GetBytes(r.Id).Concat(r.Ciphertext)).ToArray();
        return Task.FromResult(raw);
    }
}

public sealed class ProtectedSecretVault_SqliteStore : ProtectedSecretVaultContract
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dex-secrets-").FullName;

    protected override Task<ISecretStore> CreateStoreAsync() => Task.FromResult<ISecretStore>(new SqliteSecretStore(Path.Combine(_dir, "secrets.db")));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    // The database file and its write-ahead log, byte for byte.
    protected override async Task<byte[]> RawStorageAsync()
    {
        var raw = new List<byte>();
        foreach (var file in Directory.GetFiles(_dir))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            raw.AddRange(copy.ToArray());
        }

        return [.. raw];
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class ProtectedSecretVault_TableStore(AzuriteFixture azurite) : ProtectedSecretVaultContract
{
    private readonly string _tableName = AzuriteFixture.UniqueTableName("secrets");

    protected override Task<ISecretStore> CreateStoreAsync() => Task.FromResult<ISecretStore>(new TableSecretStore(azurite.CreateServiceClient(), _tableName));

    public override async Task DisposeAsync()
    {
        await azurite.CreateServiceClient().DeleteTableAsync(_tableName);
        await base.DisposeAsync();
    }

    // Every entity as the service returns it (all properties, serialized).
    protected override async Task<byte[]> RawStorageAsync()
    {
        var raw = new List<byte>();
        await foreach (var entity in ((TableSecretStore)Store).Table.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            foreach (var (key, value) in entity)
            {
                raw.AddRange(Encoding.UTF8.GetBytes(key));
                raw.AddRange(value is byte[] bytes ? bytes : Encoding.UTF8.GetBytes(value?.ToString() ?? string.Empty));
            }
        }

        return [.. raw];
    }
}
