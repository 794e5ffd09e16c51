namespace Dex.Core.Notifications;

public sealed record NotificationLink(string Label, string Url);

/// <summary>A message to one person. <see cref="Id"/> is stable so a re-send is idempotent.</summary>
public sealed record Notification
{
    public required string Id { get; init; }
    public required string Recipient { get; init; }
    /// <summary>reply, approval_request, reminder, credential, outcome.</summary>
    public required string Kind { get; init; }
    public required string RequestId { get; init; }
    public required string Text { get; init; }
    public IReadOnlyList<NotificationLink> Links { get; init; } = [];
    public DateTimeOffset At { get; init; }
}

/// <summary>Delivers notifications (local outbox, or Service Bus topic in Azure). Sending the same Id twice delivers once.</summary>
public interface INotifier
{
    Task SendAsync(Notification notification, CancellationToken cancellationToken = default);
}

/// <summary>Notifications kept for reading back (Dex.Local's outbox).</summary>
public interface IOutbox
{
    IReadOnlyList<Notification> For(string recipient);
    IReadOnlyList<Notification> All();
}
