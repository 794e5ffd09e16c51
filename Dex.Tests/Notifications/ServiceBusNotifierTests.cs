using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Dex.Core.Notifications;
using Moq;

namespace Dex.Tests.Notifications;

public sealed class ServiceBusNotifier_SendAsync
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private readonly Mock<ServiceBusSender> _sender = new(MockBehavior.Strict);
    private readonly List<(ServiceBusMessage Message, CancellationToken Token)> _sent = [];

    public ServiceBusNotifier_SendAsync()
        => _sender.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusMessage, CancellationToken>((m, t) => _sent.Add((m, t)))
            .Returns(Task.CompletedTask);

    private static Notification Reply => new()
    {
        Id = "req-1:reply:1",
        Recipient = "tom@acme.com",
        Kind = "reply",
        RequestId = "req-1",
        Text = "Done: your phone number is now +1 415 555 0123.",
        At = At,
    };

    private static Notification ApprovalRequest => new()
    {
        Id = "req-2:approval:alice@acme.com",
        Recipient = "alice@acme.com",
        Kind = "approval_request",
        RequestId = "req-2",
        Text = "Tom Levi asks: reset MFA for tom@acme.com\r\n\r\nPlan:\n1. mfa_reset tom@acme.com (remove 2 methods)",
        Links =
        [
            new NotificationLink("Review and decide", "https://dex.example/api/approvals/tok123?src=teams&x=1"),
            new NotificationLink("Request status", "https://dex.example/api/requests/req-2"),
        ],
        At = At,
    };

    [Fact]
    public async Task SendsOneMessageWithIdSubjectAndPropertiesGivenNotification()
    {
        using var cts = new CancellationTokenSource();
        await new ServiceBusNotifier(_sender.Object).SendAsync(Reply, cts.Token);

        var (message, token) = Assert.Single(_sent);
        Assert.Equal(cts.Token, token);
        Assert.Equal("req-1:reply:1", message.MessageId);
        Assert.Equal("reply", message.Subject);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("req-1", message.CorrelationId);
        Assert.Equal(
            new Dictionary<string, object> { ["recipient"] = "tom@acme.com", ["kind"] = "reply", ["requestId"] = "req-1" },
            message.ApplicationProperties);
    }

    [Fact]
    public async Task SendsJsonBodyWithoutCardGivenReply()
    {
        await new ServiceBusNotifier(_sender.Object).SendAsync(Reply);

        Assert.Equal(
            """{"id":"req-1:reply:1","recipient":"tom@acme.com","kind":"reply","requestId":"req-1","text":"Done: your phone number is now +1 415 555 0123.","links":[],"at":"2026-11-26T09:00:00+00:00"}""",
            Assert.Single(_sent).Message.Body.ToString());
    }

    [Fact]
    public async Task SendsBodyWithAdaptiveCardGivenApprovalRequest()
    {
        await new ServiceBusNotifier(_sender.Object).SendAsync(ApprovalRequest);

        var message = Assert.Single(_sent).Message;
        Assert.Equal("approval_request", message.Subject);
        const string expected = """
            {
              "id": "req-2:approval:alice@acme.com",
              "recipient": "alice@acme.com",
              "kind": "approval_request",
              "requestId": "req-2",
              "text": "Tom Levi asks: reset MFA for tom@acme.com\r\n\r\nPlan:\n1. mfa_reset tom@acme.com (remove 2 methods)",
              "links": [
                { "label": "Review and decide", "url": "https://dex.example/api/approvals/tok123?src=teams&x=1" },
                { "label": "Request status", "url": "https://dex.example/api/requests/req-2" }
              ],
              "at": "2026-11-26T09:00:00+00:00",
              "attachments": [
                {
                  "contentType": "application/vnd.microsoft.card.adaptive",
                  "content": {
                    "type": "AdaptiveCard",
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "version": "1.5",
                    "body": [
                      { "type": "TextBlock", "text": "Approval needed: request req-2", "weight": "Bolder", "size": "Medium", "wrap": true },
                      { "type": "TextBlock", "text": "Tom Levi asks: reset MFA for tom@acme.com", "wrap": true },
                      { "type": "TextBlock", "text": "Plan:", "wrap": true },
                      { "type": "TextBlock", "text": "1. mfa_reset tom@acme.com (remove 2 methods)", "wrap": true }
                    ],
                    "actions": [
                      { "type": "Action.OpenUrl", "title": "Review and decide", "url": "https://dex.example/api/approvals/tok123?src=teams&x=1" },
                      { "type": "Action.OpenUrl", "title": "Request status", "url": "https://dex.example/api/requests/req-2" }
                    ]
                  }
                }
              ]
            }
            """;
        var actual = JsonNode.Parse(message.Body.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual!.ToJsonString());
        Assert.DoesNotContain("\\u0026", message.Body.ToString(), StringComparison.Ordinal); // URLs stay readable
    }

    [Fact]
    public async Task SendsSameMessageIdGivenSameNotificationSentTwice()
    {
        var notifier = new ServiceBusNotifier(_sender.Object);

        await notifier.SendAsync(ApprovalRequest);
        await notifier.SendAsync(ApprovalRequest with { At = At.AddMinutes(5) });

        Assert.Equal(2, _sent.Count);
        Assert.Equal(_sent[0].Message.MessageId, _sent[1].Message.MessageId);
    }

    [Fact]
    public async Task SendsStableHashedMessageIdGivenIdLongerThanServiceBusAllows()
    {
        var longId = "req-3:" + new string('x', 200);

        await new ServiceBusNotifier(_sender.Object).SendAsync(Reply with { Id = longId });
        await new ServiceBusNotifier(_sender.Object).SendAsync(Reply with { Id = longId });

        Assert.Matches("^sha256:[0-9a-f]{64}$", _sent[0].Message.MessageId);
        Assert.Equal(_sent[0].Message.MessageId, _sent[1].Message.MessageId);
        Assert.Equal(longId, JsonNode.Parse(_sent[0].Message.Body.ToString())!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task PropagatesFailureGivenSenderThrows()
    {
        var failing = new Mock<ServiceBusSender>();
        failing.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ServiceBusException("down", ServiceBusFailureReason.ServiceCommunicationProblem));

        await Assert.ThrowsAsync<ServiceBusException>(() => new ServiceBusNotifier(failing.Object).SendAsync(Reply));
    }
}

public sealed class ServiceBusNotifier_Constructor
{
    [Fact]
    public void ThrowsGivenNullSender() => Assert.Throws<ArgumentNullException>(() => new ServiceBusNotifier(null!));

    [Fact]
    public void ExposesTopicNameDexNotifications() => Assert.Equal("dex-notifications", ServiceBusNotifier.TopicName);
}
