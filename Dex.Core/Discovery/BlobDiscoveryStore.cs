using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;

namespace Dex.Core.Discovery;

/// <summary>The latest discovery snapshot as one JSON blob (Azure).</summary>
public sealed class BlobDiscoveryStore(BlobContainerClient container, string blobName = "discovery/latest.json") : IDiscoveryStore
{
    public async Task SaveAsync(DiscoverySnapshot snapshot, CancellationToken cancellationToken = default)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await container.GetBlobClient(blobName).UploadAsync(BinaryData.FromObjectAsJson(snapshot), overwrite: true, cancellationToken);
    }

    public async Task<DiscoverySnapshot?> LatestAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
            return result.Value.Content.ToObjectFromJson<DiscoverySnapshot>(new JsonSerializerOptions());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
