using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Dex.Core.Secrets;

/// <summary>A process-local vault for tests; the same one-view, expiring semantics as the protected vault.</summary>
public sealed class InMemorySecretVault(TimeProvider? time = null) : ISecretVault
{
    private readonly ConcurrentDictionary<string, (RevealedSecret Secret, DateTimeOffset ExpiresAt)> _items = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Task<string> StoreAsync(string recipient, string label, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _items[Hash(token)] = (new RevealedSecret(recipient, label, value), _time.GetUtcNow().Add(timeToLive));
        return Task.FromResult(token);
    }

    public Task<RevealedSecret?> RevealOnceAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || !_items.TryRemove(Hash(token), out var item) || _time.GetUtcNow() >= item.ExpiresAt)
        {
            return Task.FromResult<RevealedSecret?>(null);
        }

        return Task.FromResult<RevealedSecret?>(item.Secret);
    }

    public Task<SecretDescription?> DescribeAsync(string token, CancellationToken cancellationToken = default)
        => Task.FromResult(!string.IsNullOrEmpty(token) && _items.TryGetValue(Hash(token), out var item) && _time.GetUtcNow() < item.ExpiresAt
            ? new SecretDescription(item.Secret.Recipient, item.Secret.Label)
            : null);

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
