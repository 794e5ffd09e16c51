using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Dex.Core.Requests;

/// <summary>An attachment posted with a chat message.</summary>
public sealed record MessageAttachment(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("contentType")] string? ContentType,
    [property: JsonPropertyName("contentBase64")] string? ContentBase64);

/// <summary>The body of <c>POST /api/messages</c> and of a <c>dex-requests</c> queue message.</summary>
public sealed record IncomingMessage(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("channel")] string? Channel,
    [property: JsonPropertyName("requester")] string? Requester,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("attachments")] IReadOnlyList<MessageAttachment>? Attachments);

/// <summary>
/// The orchestration input: a validated request. Attachments travel by reference, never inline.
/// <paramref name="RequesterAccount"/> is the directory account intake found for the requester, so planning need not look it up again.
/// </summary>
public sealed record RequestInput(
    string RequestId,
    string Channel,
    string MessageId,
    string Requester,
    string Text,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<string> AttachmentIds,
    ConversationContext? Context = null,
    TargetRef? RequesterAccount = null);

/// <summary>What the requester's previous request was about, so "and also add her to Finance-M365" knows who "her" is.</summary>
public sealed record ConversationContext(string? PreviousTarget, string? PreviousRequestId);

/// <summary>Where a request is; the JSON carries the snake_case names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequestStatus>))]
public enum RequestStatus
{
    [JsonStringEnumMemberName("planning")] Planning,
    [JsonStringEnumMemberName("needs_clarification")] NeedsClarification,
    [JsonStringEnumMemberName("awaiting_approval")] AwaitingApproval,
    [JsonStringEnumMemberName("executing")] Executing,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("denied")] Denied,
    [JsonStringEnumMemberName("expired")] Expired,
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>The requester dropped it ("never mind" while a question was open); nothing was changed.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

public static class RequestStatuses
{
    public static bool IsFinal(this RequestStatus status) => status is RequestStatus.Completed or RequestStatus.Denied or RequestStatus.Expired or RequestStatus.Failed or RequestStatus.Cancelled;
}

public static class RequestIds
{
    /// <summary>
    /// The request (and orchestration instance) id for a chat message: derived from channel and
    /// message id, so a front-end retry of the same message can never start a second orchestration.
    /// </summary>
    public static string For(string channel, string messageId)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(messageId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(channel.Trim().ToLowerInvariant() + "\n" + messageId.Trim()));
        return "req-" + Convert.ToHexStringLower(hash)[..24];
    }
}
