using System.Collections.Concurrent;

namespace Dex.Core.Requests;

/// <summary>An attachment kept outside durable history (photos can be megabytes); workflows pass its id.</summary>
public sealed record StoredAttachment(string Id, string Name, string ContentType, byte[] Content);

public interface IAttachmentStore
{
    /// <summary>How long an attachment is kept unused: longer than approval expiry plus escalation, then it is gone.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(3);

    /// <summary>Stores under the given id; storing the same id again (a retried intake) replaces it.</summary>
    Task PutAsync(StoredAttachment attachment, CancellationToken cancellationToken = default);

    /// <summary>The attachment, or null when there is none or it outlived <see cref="Lifetime"/>.</summary>
    Task<StoredAttachment?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Deletes it once used; deleting one that is gone is fine.</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>Process-local attachment store (Dex.Local, tests). The caller derives ids from the request, so a retried intake stores once.</summary>
public sealed class InMemoryAttachmentStore(TimeProvider? time = null) : IAttachmentStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, (StoredAttachment Item, DateTimeOffset At)> _items = new(StringComparer.Ordinal);

    public int Count => _items.Count;

    public Task PutAsync(StoredAttachment attachment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        foreach (var old in _items.Where(kv => _time.GetUtcNow() - kv.Value.At > IAttachmentStore.Lifetime).Select(kv => kv.Key).ToList())
        {
            _items.TryRemove(old, out _);
        }

        _items[attachment.Id] = (attachment, _time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task<StoredAttachment?> GetAsync(string id, CancellationToken cancellationToken = default)
        => Task.FromResult(_items.TryGetValue(id, out var a) && _time.GetUtcNow() - a.At <= IAttachmentStore.Lifetime ? a.Item : null);

    public Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        _items.TryRemove(id, out _);
        return Task.CompletedTask;
    }
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
