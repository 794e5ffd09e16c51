using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace Dex.Core.Audit;

/// <summary>
/// Signs checkpoints with a Key Vault key (EC P-256, ES256): the private key never leaves the vault, so nobody who can
/// write the audit table can forge a checkpoint. It calls the Key Vault keys REST API (<c>sign</c>/<c>verify</c>) with
/// the app's managed identity, as <c>CryptographyClient</c> does; that package is not served to this build.
/// </summary>
public sealed class KeyVaultCheckpointSigner(HttpClient http, TokenCredential credential, Uri keyId) : ICheckpointSigner
{
    private const string ApiVersion = "7.4";
    private static readonly string[] Scopes = ["https://vault.azure.net/.default"];

    public string KeyId => keyId.ToString();

    public async Task<string> SignAsync(byte[] digest, CancellationToken cancellationToken = default)
    {
        var result = await PostAsync<SignResult>("sign", new { alg = "ES256", value = Base64Url(digest) }, cancellationToken).ConfigureAwait(false);
        return result.Value ?? throw new InvalidOperationException("Key Vault returned no signature.");
    }

    public async Task<bool> VerifyAsync(byte[] digest, string signature, CancellationToken cancellationToken = default)
        => (await PostAsync<VerifyResult>("verify", new { alg = "ES256", digest = Base64Url(digest), value = signature }, cancellationToken).ConfigureAwait(false)).Value;

    private async Task<T> PostAsync<T>(string operation, object body, CancellationToken ct)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext(Scopes), ct).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{keyId.ToString().TrimEnd('/')}/{operation}?api-version={ApiVersion}")
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Key Vault refused the checkpoint {operation} (HTTP {(int)response.StatusCode}).");
        }

        return await response.Content.ReadFromJsonAsync<T>(ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"Key Vault returned an empty {operation} result.");
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record SignResult([property: JsonPropertyName("value")] string? Value);

    private sealed record VerifyResult([property: JsonPropertyName("value")] bool Value);
}

/// <summary>
/// Checkpoints as JSON lines in an append blob of a container under a time-based immutability (WORM) policy with
/// protected append writes: blocks can be added, never changed or deleted, not even by the account's owner.
/// </summary>
public sealed class BlobCheckpointStore(BlobContainerClient container, string blobName = BlobCheckpointStore.DefaultBlob) : ICheckpointStore
{
    public const string DefaultContainer = "dex-audit-checkpoints";
    public const string DefaultBlob = "checkpoints.jsonl";

    private AppendBlobClient Blob => container.GetAppendBlobClient(blobName);

    public async Task AppendAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await Blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        using var line = new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(checkpoint) + "\n"));
        await Blob.AppendBlockAsync(line, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditCheckpoint>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        if (!await Blob.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var content = (await Blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
        return [.. content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(CheckpointLines.Parse)];
    }
}
