using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Dex.Core.Requests;

/// <summary>Attachments in Blob Storage (Azure): intake and the activity that uses a photo may run on different instances.</summary>
public sealed class BlobAttachmentStore(BlobContainerClient container) : IAttachmentStore
{
    public const string DefaultContainer = "dex-attachments";

    public async Task PutAsync(StoredAttachment attachment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blob = container.GetBlobClient(attachment.Id);
        await blob.UploadAsync(
            BinaryData.FromBytes(attachment.Content),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = attachment.ContentType },
                Metadata = new Dictionary<string, string> { ["name"] = Uri.EscapeDataString(attachment.Name) },
                // Also the blob's last-modified time, which a lifecycle rule can use to delete leftovers.
            },
            cancellationToken);
    }

    public async Task<StoredAttachment?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await container.GetBlobClient(id).DownloadContentAsync(cancellationToken);
            if (DateTimeOffset.UtcNow - result.Value.Details.LastModified > IAttachmentStore.Lifetime)
            {
                return null;
            }

            var name = result.Value.Details.Metadata.TryGetValue("name", out var n) ? Uri.UnescapeDataString(n) : id;
            return new StoredAttachment(id, name, result.Value.Details.ContentType ?? "application/octet-stream", result.Value.Content.ToArray());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
        => await container.GetBlobClient(id).DeleteIfExistsAsync(cancellationToken: cancellationToken);
}
