using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;

namespace Dex.Core.Notifications;

/// <summary>
/// Publishes each notification as one message on the <see cref="TopicName"/> topic; channel relays (Teams, mail)
/// subscribe to it. The message id is the notification id, so with duplicate detection on the topic a re-send (retried
/// activity, replayed orchestration) is dropped by the broker.
/// </summary>
/// <param name="sender">A sender for the topic, from a <c>ServiceBusClient</c> built with a managed identity in Azure.</param>
public sealed class ServiceBusNotifier(ServiceBusSender sender) : INotifier
{
    public const string TopicName = "dex-notifications";
    public const string ApprovalRequestKind = "approval_request";
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Service Bus rejects longer message ids.</summary>
    public const int MaxMessageIdLength = 128;

    private static readonly JsonSerializerOptions BodyOptions = new()
    {
        // Not embedded in HTML: keep '&' in URLs and non-ASCII names readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly ServiceBusSender _sender = sender ?? throw new ArgumentNullException(nameof(sender));

    public Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
        => _sender.SendMessageAsync(CreateMessage(notification), cancellationToken);

    /// <summary>The exact message <see cref="SendAsync"/> publishes.</summary>
    public static ServiceBusMessage CreateMessage(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentException.ThrowIfNullOrEmpty(notification.Id);
        var message = new ServiceBusMessage(BinaryData.FromString(CreateBody(notification).ToJsonString(BodyOptions)))
        {
            MessageId = MessageIdOf(notification.Id),
            Subject = notification.Kind,
            ContentType = "application/json",
            CorrelationId = notification.RequestId,
        };
        message.ApplicationProperties["recipient"] = notification.Recipient;
        message.ApplicationProperties["kind"] = notification.Kind;
        message.ApplicationProperties["requestId"] = notification.RequestId;
        return message;
    }

    /// <summary>The notification id, or when longer than Service Bus allows, a stable hash of it (still deduplicates).</summary>
    public static string MessageIdOf(string notificationId)
    {
        ArgumentNullException.ThrowIfNull(notificationId);
        return notificationId.Length <= MaxMessageIdLength
            ? notificationId
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(notificationId)));
    }

    /// <summary>
    /// <c>{"id","recipient","kind","requestId","text","links":[{"label","url"}],"at"}</c>, plus for approval requests
    /// <c>"attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":card}]</c>, the shape a Bot
    /// Framework activity takes, so a Teams relay can post it as is.
    /// </summary>
    public static JsonObject CreateBody(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var body = new JsonObject
        {
            ["id"] = notification.Id,
            ["recipient"] = notification.Recipient,
            ["kind"] = notification.Kind,
            ["requestId"] = notification.RequestId,
            ["text"] = notification.Text,
            ["links"] = new JsonArray([.. notification.Links.Select(l => (JsonNode)new JsonObject { ["label"] = l.Label, ["url"] = l.Url })]),
            ["at"] = notification.At,
        };
        if (string.Equals(notification.Kind, ApprovalRequestKind, StringComparison.Ordinal))
        {
            body["attachments"] = new JsonArray(new JsonObject { ["contentType"] = AdaptiveCardContentType, ["content"] = CreateApprovalCard(notification) });
        }

        return body;
    }

    /// <summary>
    /// An Adaptive Card 1.5 (the version Teams renders): a heading with the request id, one TextBlock per line of the
    /// plan text, and an Action.OpenUrl button per link. Buttons open the approval page rather than posting back, so the
    /// decision is taken on the page that shows the exact plan.
    /// </summary>
    public static JsonObject CreateApprovalCard(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = $"Approval needed: request {notification.RequestId}",
                ["weight"] = "Bolder",
                ["size"] = "Medium",
                ["wrap"] = true,
            },
        };
        foreach (var line in notification.Text.Split('\n'))
        {
            var text = line.TrimEnd('\r');
            if (text.Length > 0)
            {
                blocks.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true });
            }
        }

        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = blocks,
            ["actions"] = new JsonArray([.. notification.Links.Select(l => (JsonNode)new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = l.Label, ["url"] = l.Url })]),
        };
    }
}
