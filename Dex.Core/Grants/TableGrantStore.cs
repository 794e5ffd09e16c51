using System.Text.Json;
using Azure.Data.Tables;

namespace Dex.Core.Grants;

/// <summary>Grants in Azure Table Storage (scaled-out Functions): one partition, the record as JSON beside the filter columns.</summary>
public sealed class TableGrantStore(TableServiceClient serviceClient, string tableName = TableGrantStore.DefaultTableName) : IGrantStore
{
    public const string DefaultTableName = "DexGrants";
    private const string Partition = "grant";

    private readonly TableClient _table = (serviceClient ?? throw new ArgumentNullException(nameof(serviceClient))).GetTableClient(tableName);
    private int _created;

    public async Task SaveAsync(GrantRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(Partition, record.Id)
        {
            ["UserId"] = record.UserId.ToLowerInvariant(),
            ["ResourceId"] = record.ResourceId.ToLowerInvariant(),
            ["Status"] = record.Status.ToString(),
            ["Record"] = JsonSerializer.Serialize(record, DexJson.Options),
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<GrantRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value?.GetString("Record") is { } json ? JsonSerializer.Deserialize<GrantRecord>(json, DexJson.Options) : null;
    }

    public async Task<IReadOnlyList<GrantRecord>> ListOpenAsync(string? userId = null, string? resourceId = null, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Status ne {nameof(GrantStatus.Ended)}");
        if (userId is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"UserId eq {userId.ToLowerInvariant()}");
        }

        if (resourceId is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"ResourceId eq {resourceId.ToLowerInvariant()}");
        }

        var list = new List<GrantRecord>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (e.GetString("Record") is { } json && JsonSerializer.Deserialize<GrantRecord>(json, DexJson.Options) is { } r)
            {
                list.Add(r);
            }
        }

        return [.. list.OrderBy(r => r.EndsAt)];
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
