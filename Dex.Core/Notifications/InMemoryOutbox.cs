namespace Dex.Core.Notifications;

/// <summary>Keeps every notification in memory, deduplicated by id (Dex.Local's outbox).</summary>
public sealed class InMemoryOutbox : INotifier, IOutbox
{
    private readonly Lock _gate = new();
    private readonly List<Notification> _items = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    public Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        lock (_gate)
        {
            if (_ids.Add(notification.Id))
            {
                _items.Add(notification);
            }
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<Notification> For(string recipient)
    {
        lock (_gate)
        {
            return [.. _items.Where(n => string.Equals(n.Recipient, recipient, StringComparison.OrdinalIgnoreCase))];
        }
    }

    public IReadOnlyList<Notification> All()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }
}
