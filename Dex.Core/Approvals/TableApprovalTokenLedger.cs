using Azure;
using Azure.Data.Tables;

namespace Dex.Core.Approvals;

/// <summary>Used approval links in Table Storage: inserting the token id succeeds once; a second insert conflicts (409).</summary>
public sealed class TableApprovalTokenLedger(TableServiceClient service, string tableName = TableApprovalTokenLedger.DefaultTableName) : IApprovalTokenLedger
{
    public const string DefaultTableName = "DexApprovalLinks";
    private const string Partition = "used";
    private readonly TableClient _table = service.GetTableClient(tableName);
    private int _created;

    public async Task<bool> TryConsumeAsync(string tokenId, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        try
        {
            await _table.AddEntityAsync(new TableEntity(Partition, tokenId), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> IsConsumedAsync(string tokenId, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, tokenId, cancellationToken: cancellationToken);
        return entity.HasValue;
    }

    private async Task EnsureTableAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _created) == 0)
        {
            await Dex.Core.Storage.TableCreation.EnsureAsync(_table, ct);
            Volatile.Write(ref _created, 1);
        }
    }
}
