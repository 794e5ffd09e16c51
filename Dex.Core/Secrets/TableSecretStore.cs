using Azure;
using Azure.Data.Tables;

namespace Dex.Core.Secrets;

/// <summary>
/// Secret records in Azure Table Storage (scaled-out Functions). Each record is its own partition (the id is a random
/// hash, so load spreads). The take reads the entity, then deletes it only if its ETag is unchanged: of two concurrent
/// readers one deletes, the other gets 404/412 and sees nothing.
/// </summary>
public sealed class TableSecretStore(TableServiceClient serviceClient, string tableName = TableSecretStore.DefaultTableName) : ISecretStore
{
    public const string DefaultTableName = "DexSecrets";
    private const string RowKey = "secret";

    private readonly TableClient _table = (serviceClient ?? throw new ArgumentNullException(nameof(serviceClient))).GetTableClient(tableName);
    private int _created;

    public TableClient Table => _table;

    public async Task AddAsync(SecretRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(record.Id, RowKey)
        {
            ["Ciphertext"] = record.Ciphertext,
            ["CreatedAt"] = record.CreatedAt.ToUnixTimeMilliseconds(),
            ["ExpiresAt"] = record.ExpiresAt.ToUnixTimeMilliseconds(),
        };
        await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
    }

    public async Task<SecretRecord?> TakeAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(id, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue || found.Value is null)
        {
            return null;
        }

        try
        {
            // The SDK reports a delete of a missing entity as a 404 response rather than an exception.
            var deleted = await _table.DeleteEntityAsync(id, RowKey, found.Value.ETag, cancellationToken).ConfigureAwait(false);
            if (deleted.Status == 404)
            {
                return null; // someone else took it first
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null; // someone else took it first
        }

        var e = found.Value;
        return new SecretRecord(
            id,
            e.GetBinary("Ciphertext") ?? [],
            DateTimeOffset.FromUnixTimeMilliseconds(e.GetInt64("CreatedAt") ?? 0),
            DateTimeOffset.FromUnixTimeMilliseconds(e.GetInt64("ExpiresAt") ?? 0));
    }

    public async Task<DateTimeOffset?> PeekExpiryAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(id, RowKey, ["ExpiresAt"], cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value?.GetInt64("ExpiresAt") is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var purged = 0;
        var filter = TableClient.CreateQueryFilter($"ExpiresAt le {now.ToUnixTimeMilliseconds()}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var deleted = await _table.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            if (deleted.Status != 404)
            {
                purged++; // a 404 was taken meanwhile
            }
        }

        return purged;
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 0)
        {
            await Dex.Core.Storage.TableCreation.EnsureAsync(_table, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _created, 1);
        }
    }
}
