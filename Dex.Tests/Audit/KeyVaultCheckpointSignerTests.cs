using System.Security.Cryptography;
using Dex.Core.Audit;

namespace Dex.Tests.Audit;

/// <summary>The Key Vault signer against a stand-in of the keys API over HTTP, with a real P-256 key in the "vault".</summary>
public sealed class KeyVaultCheckpointSigner_Vault : IAsyncLifetime, IDisposable
{
    private readonly KeyVaultStandIn _vault = new();
    private readonly HttpClient _http = new();

    public Task InitializeAsync() => _vault.StartAsync();

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private KeyVaultCheckpointSigner Signer(string? token = KeyVaultStandIn.Token) => new(_http, new FixedTokenCredential(token), _vault.KeyId);

    private static byte[] Digest(long seq) => AuditCheckpoint.Digest(seq, "abc123", new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task SignAsync_ReturnsAnEs256SignatureTheVaultKeyVerifiesGivenADigest()
    {
        var credential = new FixedTokenCredential(KeyVaultStandIn.Token);
        var signer = new KeyVaultCheckpointSigner(_http, credential, _vault.KeyId);

        var signature = await signer.SignAsync(Digest(5));

        // Checked outside the signer, with the vault's public key alone: a real ECDSA signature over the digest.
        using var publicKey = ECDsa.Create(_vault.PublicKey);
        Assert.True(publicKey.VerifyHash(Digest(5), KeyVaultStandIn.FromBase64Url(signature), DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.False(publicKey.VerifyHash(Digest(6), KeyVaultStandIn.FromBase64Url(signature), DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.Equal("/keys/dex-audit/v1/sign?api-version=7.4", _vault.LastPath);
        Assert.Equal(["https://vault.azure.net/.default"], Assert.Single(credential.Scopes));
        Assert.Equal(_vault.KeyId.ToString(), signer.KeyId);
    }

    [Fact]
    public async Task VerifyAsync_AcceptsItsOwnSignatureAndRefusesAnotherDigestOrKey()
    {
        var signature = await Signer().SignAsync(Digest(5));
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = Convert.ToBase64String(otherKey.SignHash(Digest(5), DSASignatureFormat.IeeeP1363FixedFieldConcatenation)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.True(await Signer().VerifyAsync(Digest(5), signature));
        Assert.False(await Signer().VerifyAsync(Digest(4), signature));
        Assert.False(await Signer().VerifyAsync(Digest(5), forged));
    }

    [Fact]
    public async Task SignAsync_FailsClosedWithoutTheTokenGivenTheVaultRefuses()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Signer("someone-elses-token").SignAsync(Digest(5)));

        Assert.Contains("HTTP 401", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("someone-elses-token", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignAsync_FailsBeforeCallingTheVaultGivenNoIdentity()
    {
        await Assert.ThrowsAsync<Azure.Identity.CredentialUnavailableException>(() => Signer(token: null).SignAsync(Digest(5)));

        Assert.Equal(0, _vault.Calls);
    }
}
