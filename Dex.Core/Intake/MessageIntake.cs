using System.Net.Mail;
using System.Text.Json;
using Dex.Core.Directory;
using Dex.Core.Requests;
using Dex.Core.Workflows;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Dex.Core.Intake;

/// <summary>
/// Takes in a chat message, whatever its front-end (webhook, Teams, Slack, queue): validates it, checks the requester
/// against the directory, and starts (or finds) its orchestration. A refused message changes nothing.
/// </summary>
public sealed class MessageIntake(
    DurableTaskClient durable,
    DirectoryService directory,
    IAttachmentStore attachments,
    TimeProvider time,
    ILogger<MessageIntake> logger,
    IRequesterRateLimiter? rateLimiter = null)
{
    public const int MaxTextLength = 4000;
    public const int MaxAttachmentBytes = 4 * 1024 * 1024;
    public const int MaxAttachments = 5;

    public async Task<IntakeResult> AcceptAsync(IncomingMessage? message, CancellationToken cancellationToken)
    {
        if (message is null)
        {
            return IntakeResult.Invalid("invalid_json", "The body must be a JSON object.");
        }

        if (string.IsNullOrWhiteSpace(message.Id) || message.Id.Length > 200)
        {
            return IntakeResult.Invalid("missing_id", "\"id\" (the chat message id, at most 200 characters) is required.");
        }

        if (string.IsNullOrWhiteSpace(message.Requester))
        {
            return IntakeResult.Invalid("missing_requester", "\"requester\" (the UPN of the person asking) is required.");
        }

        if (!IsUpn(message.Requester))
        {
            return IntakeResult.Invalid("invalid_requester", "\"requester\" must be a user principal name such as sarah@acme.com.");
        }

        if (string.IsNullOrWhiteSpace(message.Text))
        {
            return IntakeResult.Invalid("missing_text", "\"text\" (what the person asked) is required.");
        }

        if (message.Text.Length > MaxTextLength)
        {
            return IntakeResult.Invalid("text_too_long", $"\"text\" is limited to {MaxTextLength} characters.");
        }

        var channel = string.IsNullOrWhiteSpace(message.Channel) ? "api" : message.Channel.Trim();
        if (channel.Length > 50)
        {
            return IntakeResult.Invalid("invalid_channel", "\"channel\" is limited to 50 characters.");
        }

        if (message.Attachments is { Count: > MaxAttachments })
        {
            return IntakeResult.Invalid("too_many_attachments", $"At most {MaxAttachments} attachments per message.");
        }

        foreach (var a in message.Attachments ?? [])
        {
            if (CheckAttachment(a) is { } problem)
            {
                return new IntakeResult(null, problem);
            }
        }

        var requester = await directory.FindUserAsync(message.Requester, cancellationToken);
        if (requester is null)
        {
            return IntakeResult.Invalid("unknown_requester", $"{message.Requester} is not a user of this directory.");
        }

        if (!requester.AccountEnabled)
        {
            return IntakeResult.Reject(RejectionKind.Forbidden, "requester_disabled", $"{requester.UserPrincipalName}'s account is disabled.");
        }

        var requestId = RequestIds.For(channel, message.Id);
        var existing = await durable.GetInstanceAsync(requestId, getInputsAndOutputs: false, cancellationToken);
        if (existing is not null)
        {
            var view = RequestViews.Read(existing);
            return Accepted(requestId, view.Status, view.Reply ?? "I already have this message; here is its status.");
        }

        // Counted after the duplicate check (a front-end's retry costs nothing) and per directory account.
        if (rateLimiter is not null && !rateLimiter.TryAcquire(requester.UserPrincipalName))
        {
            return IntakeResult.Reject(RejectionKind.TooManyRequests, "rate_limited",
                $"Too many requests from {requester.UserPrincipalName}; try again in {Math.Max(1, (int)rateLimiter.RetryAfter.TotalSeconds)} seconds.");
        }

        // A reply to an open clarification question answers it instead of starting a new request.
        var waiting = await FindWaitingClarificationAsync(requester.UserPrincipalName, channel, cancellationToken);
        if (waiting is not null)
        {
            await durable.RaiseEventAsync(waiting, ClarificationAnswerEvent.EventName, new ClarificationAnswerEvent(SecretText.Hide(message.Text), time.GetUtcNow()), cancellationToken);
            return Accepted(waiting, RequestStatus.NeedsClarification, "Thanks, checking your answer.");
        }

        var attachmentIds = new List<string>();
        foreach (var (a, i) in (message.Attachments ?? []).Select((a, i) => (a, i)))
        {
            var id = $"{requestId}-{i}";
            await attachments.PutAsync(new StoredAttachment(id, a.Name ?? $"attachment-{i}", a.ContentType ?? "application/octet-stream", Convert.FromBase64String(a.ContentBase64!)), cancellationToken);
            attachmentIds.Add(id);
        }

        var input = new RequestInput(requestId, channel, message.Id.Trim(), requester.UserPrincipalName, SecretText.Hide(message.Text.Trim()), time.GetUtcNow(), attachmentIds);
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(nameof(RequestWorkflow), input, new StartOrchestrationOptions(requestId), cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException || e.GetType().Name == "RpcException")
        {
            // Two deliveries of the same message raced; the first one started it.
            logger.LogInformation("Request {RequestId} was already started: {Message}", requestId, e.Message);
        }

        return Accepted(requestId, RequestStatus.Planning, "Got it. I'm looking into it.");
    }

    /// <summary>A user principal name as Dex accepts one from a caller: one plain address with a dotted domain, no quoting.</summary>
    public static bool IsUpn(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 254 || value.Any(char.IsWhiteSpace) || value.Contains('\'', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal))
        {
            return false;
        }

        return MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.', StringComparison.Ordinal);
    }

    private async Task<string?> FindWaitingClarificationAsync(string requester, string channel, CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery
        {
            Statuses = [OrchestrationRuntimeStatus.Running],
            CreatedFrom = time.GetUtcNow().Subtract(RequestWorkflow.ClarificationTimeout),
            FetchInputsAndOutputs = true,
            PageSize = 100,
        };
        await foreach (var meta in durable.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (!string.Equals(meta.Name, nameof(RequestWorkflow), StringComparison.Ordinal))
            {
                continue; // a time-bound grant's clock, not a request
            }

            var view = meta.SerializedCustomStatus is { Length: > 0 } s ? JsonSerializer.Deserialize<RequestView>(s, DexJson.Options) : null;
            if (view?.Status == RequestStatus.NeedsClarification
                && string.Equals(view.Requester, requester, StringComparison.OrdinalIgnoreCase)
                && meta.SerializedInput is { Length: > 0 } inputJson
                && JsonSerializer.Deserialize<RequestInput>(inputJson, DexJson.Options) is { } input
                && string.Equals(input.Channel, channel, StringComparison.OrdinalIgnoreCase))
            {
                return meta.InstanceId;
            }
        }

        return null;
    }

    private static Rejection? CheckAttachment(MessageAttachment a)
    {
        if (string.IsNullOrEmpty(a.ContentBase64))
        {
            return new(RejectionKind.Invalid, "invalid_attachment", $"Attachment '{a.Name}' has no content.");
        }

        // Checked before decoding so an oversized upload costs nothing more.
        if ((long)a.ContentBase64.Length * 3 / 4 > MaxAttachmentBytes + 3)
        {
            return TooLarge(a);
        }

        var buffer = new byte[(a.ContentBase64.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(a.ContentBase64, buffer, out var bytes))
        {
            return new(RejectionKind.Invalid, "invalid_attachment", $"Attachment '{a.Name}' is not valid base64.");
        }

        return bytes > MaxAttachmentBytes ? TooLarge(a) : null;
    }

    private static Rejection TooLarge(MessageAttachment a)
        => new(RejectionKind.TooLarge, "attachment_too_large", $"Attachment '{a.Name}' is larger than 4 MB; profile photos must be at most 4 MB.");

    private static IntakeResult Accepted(string requestId, string status, string reply)
        => IntakeResult.Accept(new MessageAccepted(requestId, status, $"/api/requests/{requestId}", reply));
}
