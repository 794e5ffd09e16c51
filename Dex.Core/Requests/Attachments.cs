using System.Collections.Concurrent;

namespace Dex.Core.Requests;

/// <summary>An attachment kept outside durable history (photos can be megabytes); workflows pass its id.</summary>
public sealed record StoredAttachment(string Id, string Name, string ContentType, byte[] Content);

public interface IAttachmentStore
{
    /// <summary>Stores under the given id; storing the same id again (a retried intake) replaces it.</summary>
    Task PutAsync(StoredAttachment attachment, CancellationToken cancellationToken = default);

    Task<StoredAttachment?> GetAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>Process-local attachment store (Dex.Local, tests). The caller derives ids from the request, so a retried intake stores once.</summary>
public sealed class InMemoryAttachmentStore : IAttachmentStore
{
    private readonly ConcurrentDictionary<string, StoredAttachment> _items = new(StringComparer.Ordinal);

    public Task PutAsync(StoredAttachment attachment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        _items[attachment.Id] = attachment;
        return Task.CompletedTask;
    }

    public Task<StoredAttachment?> GetAsync(string id, CancellationToken cancellationToken = default)
        => Task.FromResult(_items.TryGetValue(id, out var a) ? a : null);
}

/// <summary>Recognises the image formats Graph accepts for profile photos by their first bytes, not by the declared type.</summary>
public static class ImageFormats
{
    public const int MaxPhotoBytes = 4 * 1024 * 1024;

    public static string? Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            return "image/jpeg";
        }

        ReadOnlySpan<byte> png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        return bytes.Length >= 8 && bytes[..8].SequenceEqual(png) ? "image/png" : null;
    }
}
