using System.Collections.Concurrent;

namespace Dex.Core.Secrets;

/// <summary>
/// What a store keeps for one secret: the SHA-256 of its token (never the token), the DataProtection ciphertext and
/// the expiry. Nothing here reveals the value without the data-protection key.
/// </summary>
public sealed record SecretRecord(string Id, byte[] Ciphertext, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>Where <see cref="ProtectedSecretVault"/> keeps its records.</summary>
public interface ISecretStore
{
    /// <summary>Adds a record; ids are random 256-bit hashes, so a clash is a bug and may throw.</summary>
    Task AddAsync(SecretRecord record, CancellationToken cancellationToken = default);

    /// <summary>Removes the record and returns it, atomically: of concurrent callers with the same id at most one gets it.</summary>
    Task<SecretRecord?> TakeAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The record's expiry, without taking it; null when there is none.</summary>
    Task<DateTimeOffset?> PeekExpiryAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Deletes records that expired at or before <paramref name="now"/>; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>Process-local store (tests, Dex.Local without a state directory).</summary>
public sealed class InMemorySecretStore : ISecretStore
{
    private readonly ConcurrentDictionary<string, SecretRecord> _records = new(StringComparer.Ordinal);

    /// <summary>Number of records held (tests).</summary>
    public int Count => _records.Count;

    /// <summary>A copy of the records held (tests look at what is at rest).</summary>
    public IReadOnlyList<SecretRecord> Snapshot() => [.. _records.Values];

    public Task AddAsync(SecretRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_records.TryAdd(record.Id, record))
        {
            throw new InvalidOperationException("A secret with this id is already stored.");
        }

        return Task.CompletedTask;
    }

    public Task<SecretRecord?> TakeAsync(string id, CancellationToken cancellationToken = default)
        => Task.FromResult(_records.TryRemove(id, out var record) ? record : null);

    public Task<DateTimeOffset?> PeekExpiryAsync(string id, CancellationToken cancellationToken = default)
        => Task.FromResult(_records.TryGetValue(id, out var record) ? record.ExpiresAt : (DateTimeOffset?)null);

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var purged = 0;
        foreach (var (id, record) in _records)
        {
            if (record.ExpiresAt <= now && _records.TryRemove(new KeyValuePair<string, SecretRecord>(id, record)))
            {
                purged++;
            }
        }

        return Task.FromResult(purged);
    }
}
