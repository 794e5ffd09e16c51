using System.Net.Mail;
using System.Text.Json;
using Dex.Core.Directory;
using Dex.Core.Requests;
using Dex.Core.Understanding;
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
    IRequestUnderstanding understanding,
    TimeProvider time,
    ILogger<MessageIntake> logger,
    IOpenQuestionStore questions,
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

        // While a question is open, a reply that answers it goes to it; a reply that is a request of its own starts one
        // (and says the question is still open); "cancel" drops the question. Nothing is taken as a failed answer unseen.
        var note = string.Empty;
        var text = message.Text.Trim();
        if (await FindWaitingClarificationAsync(requester.Id, channel, cancellationToken) is { } waiting)
        {
            var routed = await RouteReplyAsync(waiting, requester.UserPrincipalName, text, message.Attachments is { Count: > 0 }, cancellationToken);
            if (routed.Accepted is not null)
            {
                return IntakeResult.Accept(routed.Accepted);
            }

            text = routed.Text;
            note = routed.Note;
        }

        var attachmentIds = new List<string>();
        foreach (var (a, i) in (message.Attachments ?? []).Select((a, i) => (a, i)))
        {
            var id = $"{requestId}-{i}";
            await attachments.PutAsync(new StoredAttachment(id, a.Name ?? $"attachment-{i}", a.ContentType ?? "application/octet-stream", Convert.FromBase64String(a.ContentBase64!)), cancellationToken);
            attachmentIds.Add(id);
        }

        var context = FollowUp.HasPronoun(text) ? await PreviousRequestAsync(requester.UserPrincipalName, channel, cancellationToken) : null;
        var input = new RequestInput(requestId, channel, message.Id.Trim(), requester.UserPrincipalName, SecretText.Hide(text), time.GetUtcNow(), attachmentIds, context,
            new TargetRef(requester.Id, requester.UserPrincipalName, requester.DisplayName));
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(nameof(RequestWorkflow), input, new StartOrchestrationOptions(requestId), cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException || e.GetType().Name == "RpcException")
        {
            // Two deliveries of the same message raced; the first one started it.
            logger.LogInformation("Request {RequestId} was already started: {Message}", requestId, e.Message);
        }

        return Accepted(requestId, RequestStatus.Planning, "Got it. I'm looking into it." + note);
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

    private sealed record WaitingQuestion(string RequestId, ClarificationView Question);

    private sealed record Routed(MessageAccepted? Accepted, string Text, string Note);

    /// <summary>Decides what a reply means while <paramref name="waiting"/> is open: an answer, a cancellation, or a new request.</summary>
    private async Task<Routed> RouteReplyAsync(WaitingQuestion waiting, string requester, string text, bool hasAttachment, CancellationToken cancellationToken)
    {
        if (waiting.Question.IsConfirmation)
        {
            return await RouteConfirmationAsync(waiting, requester, text, hasAttachment, cancellationToken);
        }

        var (cancel, rest) = ConversationReplies.SplitCancel(text);
        if (cancel && rest.Length == 0)
        {
            await RaiseAsync(waiting.RequestId, new ClarificationAnswerEvent(string.Empty, time.GetUtcNow(), Cancel: true), cancellationToken);
            return new Routed(Answered(waiting.RequestId, RequestStatus.Cancelled, $"OK, I've dropped that request (\"{waiting.Question.Question}\"); nothing was changed."), text, string.Empty);
        }

        var options = (waiting.Question.Choices ?? [])
            .Select(c => new ClarificationOption(c.Id, c.DisplayName, c.UserPrincipalName, c.Department, c.JobTitle, c.OfficeLocation))
            .ToList();
        var candidate = cancel ? rest : text;
        var answers = !cancel && options.Count > 0 && ClarificationAnswer.Resolve(candidate, options) is not null;
        var understood = await understanding.UnderstandAsync(requester, candidate, hasAttachment, cancellationToken);
        var isRequest = DexHelp.Recognise(candidate) is not null || understood.Steps.Count > 0;

        // A reply that picks an option and is no request of its own answers; so does anything that is neither (the question repeats).
        if (!cancel && (answers || !isRequest))
        {
            await RaiseAsync(waiting.RequestId, new ClarificationAnswerEvent(SecretText.Hide(text), time.GetUtcNow()), cancellationToken);
            return new Routed(Answered(waiting.RequestId, RequestStatus.NeedsClarification, "Thanks, checking your answer."), text, string.Empty);
        }

        if (cancel)
        {
            await RaiseAsync(waiting.RequestId, new ClarificationAnswerEvent(string.Empty, time.GetUtcNow(), Cancel: true), cancellationToken);
            return new Routed(null, rest, " I've dropped your earlier request, as you asked.");
        }

        return new Routed(null, text, $" Your earlier question is still open (\"{waiting.Question.Question}\"): reply with the number of the person you mean, or say \"cancel\" to drop it.");
    }

    /// <summary>A reply while a plan waits for the requester's yes: yes goes ahead, no cancels, a request of its own starts one.</summary>
    private async Task<Routed> RouteConfirmationAsync(WaitingQuestion waiting, string requester, string text, bool hasAttachment, CancellationToken cancellationToken)
    {
        switch (ConversationReplies.ReadConfirmation(text))
        {
            case true:
                await RaiseAsync(waiting.RequestId, new ClarificationAnswerEvent("yes", time.GetUtcNow()), cancellationToken);
                return new Routed(Answered(waiting.RequestId, RequestStatus.Planning, "Thanks, going ahead."), text, string.Empty);
            case false:
                await RaiseAsync(waiting.RequestId, new ClarificationAnswerEvent(string.Empty, time.GetUtcNow(), Cancel: true), cancellationToken);
                return new Routed(Answered(waiting.RequestId, RequestStatus.Cancelled, "OK, I've cancelled that request; nothing was changed."), text, string.Empty);
        }

        var (cancel, rest) = ConversationReplies.SplitCancel(text);
        if (cancel)
        {
            await RaiseAsync(waiting.RequestId, new ClarificationAnswerEvent(string.Empty, time.GetUtcNow(), Cancel: true), cancellationToken);
            return new Routed(null, rest, " I've cancelled your earlier request, as you asked; nothing was changed by it.");
        }

        var understood = await understanding.UnderstandAsync(requester, text, hasAttachment, cancellationToken);
        if (DexHelp.Recognise(text) is null && understood.Steps.Count == 0)
        {
            // Neither an answer nor a request: the question is asked again.
            await RaiseAsync(waiting.RequestId, new ClarificationAnswerEvent(SecretText.Hide(text), time.GetUtcNow()), cancellationToken);
            return new Routed(Answered(waiting.RequestId, RequestStatus.NeedsClarification, "Please reply \"yes\" to go ahead or \"no\" to cancel."), text, string.Empty);
        }

        return new Routed(null, text, " Your earlier request is still waiting for your confirmation: reply \"yes\" to go ahead or \"no\" to cancel it.");
    }

    private async Task RaiseAsync(string requestId, ClarificationAnswerEvent answer, CancellationToken cancellationToken)
        => await durable.RaiseEventAsync(requestId, ClarificationAnswerEvent.EventName, answer, cancellationToken);

    /// <summary>
    /// The question open to this requester on this channel, from the index (one keyed read, no scan of orchestrations),
    /// confirmed against the orchestration's own state; an entry whose orchestration has ended is stale and is removed.
    /// </summary>
    private async Task<WaitingQuestion?> FindWaitingClarificationAsync(string requesterId, string channel, CancellationToken cancellationToken)
    {
        foreach (var open in await questions.FindAsync(requesterId, channel, time.GetUtcNow(), cancellationToken))
        {
            var meta = await durable.GetInstanceAsync(open.RequestId, getInputsAndOutputs: true, cancellationToken);
            if (meta is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
            {
                if (RequestViews.Read(meta) is { Status: RequestStatus.NeedsClarification, Clarification: { } question })
                {
                    return new WaitingQuestion(open.RequestId, question);
                }

                continue; // answered a moment ago; the workflow closes the entry itself
            }

            logger.LogInformation("Open question of {RequestId} outlived its orchestration; removing it", open.RequestId);
            await questions.CloseAsync(open.RequesterId, open.Channel, open.RequestId, cancellationToken);
        }

        return null;
    }

    /// <summary>The person the requester's latest request on this channel (last 8 hours) was about, as the directory resolved it.</summary>
    private async Task<ConversationContext?> PreviousRequestAsync(string requester, string channel, CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery { CreatedFrom = time.GetUtcNow().AddHours(-8), FetchInputsAndOutputs = true, PageSize = 100 };
        (DateTimeOffset At, string Id, string Target)? latest = null;
        await foreach (var meta in durable.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            // Only request workflows carry a RequestInput; grant clocks, offboarding and deletion timers do not.
            if (!string.Equals(meta.Name, nameof(RequestWorkflow), StringComparison.Ordinal)
                || meta.SerializedInput is not { Length: > 0 } inputJson
                || JsonSerializer.Deserialize<RequestInput>(inputJson, DexJson.Options) is not { } input
                || !string.Equals(input.Requester, requester, StringComparison.OrdinalIgnoreCase)
                || !string.Equals(input.Channel, channel, StringComparison.OrdinalIgnoreCase)
                || (latest is { } l && l.At >= meta.CreatedAt))
            {
                continue;
            }

            var view = RequestViews.Read(meta);
            var target = view.Steps.Select(st => st.Target?.UserPrincipalName).FirstOrDefault(t => t is not null && !string.Equals(t, requester, StringComparison.OrdinalIgnoreCase));
            if (target is not null)
            {
                latest = (meta.CreatedAt, meta.InstanceId, target);
            }
        }

        return latest is { } found ? new ConversationContext(found.Target, found.Id) : null;
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

    private static MessageAccepted Answered(string requestId, RequestStatus status, string reply)
        => new(requestId, status, $"/api/requests/{requestId}", reply);

    private static IntakeResult Accepted(string requestId, RequestStatus status, string reply)
        => IntakeResult.Accept(new MessageAccepted(requestId, status, $"/api/requests/{requestId}", reply));
}
