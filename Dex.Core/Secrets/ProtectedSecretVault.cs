using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Dex.Core.Secrets;

/// <summary>
/// One-time credential delivery. The value is encrypted with ASP.NET Core DataProtection (purpose
/// <see cref="Purpose"/>); the link token is 256 random bits, url-safe, and only its SHA-256 is stored, so neither the
/// store nor a copy of it can produce a working link. A reveal removes the record before decrypting it: a second view,
/// a view after expiry, or a forged token all get null.
/// </summary>
/// <param name="dataProtection">In production, a provider whose key ring comes from configuration (shared by all instances).</param>
public sealed class ProtectedSecretVault(ISecretStore store, IDataProtectionProvider dataProtection, TimeProvider? timeProvider = null) : ISecretVault
{
    public const string Purpose = "Dex.Secrets.v1";

    /// <summary>Used when a caller passes <see cref="TimeSpan.Zero"/>.</summary>
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromHours(24);

    private const int TokenBytes = 32;
    private static readonly int TokenLength = Base64Url.GetEncodedLength(TokenBytes);

    private readonly ISecretStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly IDataProtector _protector = (dataProtection ?? throw new ArgumentNullException(nameof(dataProtection))).CreateProtector(Purpose);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Stores with the default time to live (24 h).</summary>
    public Task<string> StoreAsync(string recipient, string label, string value, CancellationToken cancellationToken = default)
        => StoreAsync(recipient, label, value, DefaultTimeToLive, cancellationToken);

    /// <param name="timeToLive">Positive, or <see cref="TimeSpan.Zero"/> for <see cref="DefaultTimeToLive"/>.</param>
    public async Task<string> StoreAsync(string recipient, string label, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(recipient);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentException.ThrowIfNullOrEmpty(value);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeToLive, TimeSpan.Zero);
        var ttl = timeToLive == TimeSpan.Zero ? DefaultTimeToLive : timeToLive;

        var token = new byte[TokenBytes];
        RandomNumberGenerator.Fill(token);
        var id = IdOf(token);

        // The id is inside the ciphertext too: a blob copied onto another record's id will not open there.
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(id, recipient, label, value), PayloadContext.Default.Payload);
        byte[] ciphertext;
        try
        {
            ciphertext = _protector.Protect(payload);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }

        var now = _time.GetUtcNow();
        await _store.AddAsync(new SecretRecord(id, ciphertext, now, now + ttl), cancellationToken).ConfigureAwait(false);
        return Base64Url.EncodeToString(token);
    }

    public async Task<RevealedSecret?> RevealOnceAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!TryDecodeToken(token, out var tokenBytes))
        {
            return null;
        }

        // Take first, check after: an expired or undecryptable record is gone either way.
        var record = await _store.TakeAsync(IdOf(tokenBytes), cancellationToken).ConfigureAwait(false);
        if (record is null || _time.GetUtcNow() >= record.ExpiresAt)
        {
            return null;
        }

        byte[] plain;
        try
        {
            plain = _protector.Unprotect(record.Ciphertext);
        }
        catch (CryptographicException)
        {
            return null; // tampered blob or a key no longer in the ring
        }

        try
        {
            var payload = JsonSerializer.Deserialize(plain, PayloadContext.Default.Payload);
            return payload is not null && payload.Id == record.Id ? new RevealedSecret(payload.Recipient, payload.Label, payload.Value) : null;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>
    /// Whom the credential is for, leaving it in place: the record is taken, opened and put back unchanged (same id,
    /// ciphertext and expiry), since the stores offer no read that does not consume.
    /// </summary>
    public async Task<SecretDescription?> DescribeAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!TryDecodeToken(token, out var tokenBytes))
        {
            return null;
        }

        var record = await _store.TakeAsync(IdOf(tokenBytes), cancellationToken).ConfigureAwait(false);
        if (record is null || _time.GetUtcNow() >= record.ExpiresAt)
        {
            return null;
        }

        await _store.AddAsync(record, CancellationToken.None).ConfigureAwait(false);
        byte[] plain;
        try
        {
            plain = _protector.Unprotect(record.Ciphertext);
        }
        catch (CryptographicException)
        {
            return null;
        }

        try
        {
            var payload = JsonSerializer.Deserialize(plain, PayloadContext.Default.Payload);
            return payload is not null && payload.Id == record.Id ? new SecretDescription(payload.Recipient, payload.Label) : null;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>
    /// Whether the token would reveal something now, without using it up. For a GET page that asks the person to click
    /// "Reveal" (a POST): mail scanners and link previews fetch GET links and would otherwise burn the one view.
    /// </summary>
    public async Task<bool> IsAvailableAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!TryDecodeToken(token, out var tokenBytes))
        {
            return false;
        }

        var expiresAt = await _store.PeekExpiryAsync(IdOf(tokenBytes), cancellationToken).ConfigureAwait(false);
        return expiresAt is { } at && _time.GetUtcNow() < at;
    }

    /// <summary>Deletes records past their expiry (call from a timer); returns how many.</summary>
    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default) => _store.PurgeExpiredAsync(_time.GetUtcNow(), cancellationToken);

    /// <summary>The store key of a token: SHA-256 in lowercase hex.</summary>
    internal static string IdOf(ReadOnlySpan<byte> token) => Convert.ToHexStringLower(SHA256.HashData(token));

    private static bool TryDecodeToken(string? token, out byte[] bytes)
    {
        bytes = [];
        if (token is null || token.Length != TokenLength || !Base64Url.IsValid(token))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(token);
        return bytes.Length == TokenBytes;
    }

    internal sealed record Payload(string Id, string Recipient, string Label, string Value);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(ProtectedSecretVault.Payload))]
internal sealed partial class PayloadContext : System.Text.Json.Serialization.JsonSerializerContext;
