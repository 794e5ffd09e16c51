using Azure;
using Azure.Data.Tables;

namespace Dex.Core.Storage;

/// <summary>How Dex's Table stores make sure their table exists.</summary>
public static class TableCreation
{
    /// <summary>
    /// Creates the table when missing. In Azure the deployment creates Dex's tables and gives the app's identity rights on
    /// those tables only (infra/modules/storage.bicep), which may not include creating tables: a 403 here means "not ours
    /// to create", and any real lack of access shows on the first read or write.
    /// </summary>
    public static async Task EnsureAsync(TableClient table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 403)
        {
            // scoped to the table: the deployment made it
        }
    }
}
