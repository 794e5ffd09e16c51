using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Dex.Core.Intake;

/// <summary>
/// Open questions in Azure Table Storage (scaled-out Functions): partition = requester and channel, row = request, so a
/// lookup is one partition query. Keys are escaped, since a channel name may hold characters keys forbid ('/', '#', '?').
/// </summary>
public sealed class TableOpenQuestionStore(TableServiceClient serviceClient, string tableName = TableOpenQuestionStore.DefaultTableName) : IOpenQuestionStore
{
    public const string DefaultTableName = "DexOpenQuestions";

    private readonly TableClient _table = (serviceClient ?? throw new ArgumentNullException(nameof(serviceClient))).GetTableClient(tableName);
    private int _created;

    public async Task OpenAsync(OpenQuestion question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(Partition(question.RequesterId, question.Channel), Uri.EscapeDataString(question.RequestId))
        {
            ["ExpiresAt"] = question.ExpiresAt,
            ["Record"] = JsonSerializer.Serialize(question, DexJson.Options),
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OpenQuestion>> FindAsync(string requesterId, string channel, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(requesterId, channel)} and ExpiresAt gt {now}");
        var list = new List<OpenQuestion>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (e.GetString("Record") is { } json && JsonSerializer.Deserialize<OpenQuestion>(json, DexJson.Options) is { } q)
            {
                list.Add(q);
            }
        }

        return OpenQuestionKeys.Live(list, now);
    }

    public async Task CloseAsync(string requesterId, string channel, string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _table.DeleteEntityAsync(Partition(requesterId, channel), Uri.EscapeDataString(requestId), ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // already closed: a retried activity converges
        }
    }

    private static string Partition(string requesterId, string channel)
        => Uri.EscapeDataString(OpenQuestionKeys.Requester(requesterId)) + "|" + Uri.EscapeDataString(OpenQuestionKeys.Channel(channel));

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 0)
        {
            await Dex.Core.Storage.TableCreation.EnsureAsync(_table, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _created, 1);
        }
    }
}
