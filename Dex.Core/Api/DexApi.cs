using System.Net.Mail;
using System.Text.Json;
using Dex.Core.Approvals;
using Dex.Core.Audit;
using Dex.Core.Directory;
using Dex.Core.Discovery;
using Dex.Core.Secrets;
using Dex.Core.Notifications;
using Dex.Core.Policy;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Dex.Core.Api;

/// <summary>
/// The HTTP API of DESIGN §5, written once. Dex.Local maps it with minimal APIs; Dex.Functions'
/// HTTP triggers call the same methods. Bad input is a 4xx with the error envelope and changes nothing.
/// </summary>
public sealed class DexApi(
    DurableTaskClient durable,
    DirectoryService directory,
    IRequestUnderstanding understanding,
    RequestPlanner planner,
    PolicyEvaluator policy,
    ApprovalTokenService tokens,
    IApprovalTokenLedger ledger,
    IAuditLog audit,
    IAttachmentStore attachments,
    ISecretVault vault,
    DiscoveryService discovery,
    SetupValidator setup,
    GraphOptions graphOptions,
    TimeProvider time,
    ILogger<DexApi> logger)
{
    public const int MaxTextLength = 4000;
    public const int MaxAttachmentBytes = 4 * 1024 * 1024;

    /// <summary>Web defaults; relaxed escaping keeps "+1 415…" and quotes readable in replies (responses are application/json, never HTML).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<IResult> PostMessageAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        IncomingMessage? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync<IncomingMessage>(request.Body, Json, cancellationToken);
        }
        catch (JsonException)
        {
            return ApiErrors.BadRequest("invalid_json", "The body is not valid JSON. Send {\"id\",\"channel\",\"requester\",\"text\"}.");
        }
        catch (BadHttpRequestException e)
        {
            return ApiErrors.Of(e.StatusCode, "bad_request", "The request body could not be read (too large?).");
        }

        return await SubmitAsync(message, cancellationToken);
    }

    /// <summary>Validates a chat message and starts (or finds) its orchestration. Shared by the webhook, queue and chat adapters.</summary>
    public async Task<IResult> SubmitAsync(IncomingMessage? message, CancellationToken cancellationToken)
    {
        var (accepted, error) = await AcceptAsync(message, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        return Results.Json(accepted, statusCode: StatusCodes.Status202Accepted);
    }

    public async Task<(MessageAccepted? Accepted, IResult? Error)> AcceptAsync(IncomingMessage? message, CancellationToken cancellationToken)
    {
        if (message is null)
        {
            return (null, ApiErrors.BadRequest("invalid_json", "The body must be a JSON object."));
        }

        if (string.IsNullOrWhiteSpace(message.Id) || message.Id.Length > 200)
        {
            return (null, ApiErrors.BadRequest("missing_id", "\"id\" (the chat message id, at most 200 characters) is required."));
        }

        if (string.IsNullOrWhiteSpace(message.Requester))
        {
            return (null, ApiErrors.BadRequest("missing_requester", "\"requester\" (the UPN of the person asking) is required."));
        }

        if (!IsUpn(message.Requester))
        {
            return (null, ApiErrors.BadRequest("invalid_requester", "\"requester\" must be a user principal name such as sarah@acme.com."));
        }

        if (string.IsNullOrWhiteSpace(message.Text))
        {
            return (null, ApiErrors.BadRequest("missing_text", "\"text\" (what the person asked) is required."));
        }

        if (message.Text.Length > MaxTextLength)
        {
            return (null, ApiErrors.BadRequest("text_too_long", $"\"text\" is limited to {MaxTextLength} characters."));
        }

        var channel = string.IsNullOrWhiteSpace(message.Channel) ? "api" : message.Channel.Trim();
        if (channel.Length > 50)
        {
            return (null, ApiErrors.BadRequest("invalid_channel", "\"channel\" is limited to 50 characters."));
        }

        foreach (var a in message.Attachments ?? [])
        {
            var problem = CheckAttachment(a);
            if (problem is not null)
            {
                return (null, problem);
            }
        }

        var requester = await directory.FindUserAsync(message.Requester, cancellationToken);
        if (requester is null)
        {
            return (null, ApiErrors.BadRequest("unknown_requester", $"{message.Requester} is not a user of this directory."));
        }

        if (!requester.AccountEnabled)
        {
            return (null, ApiErrors.Of(StatusCodes.Status403Forbidden, "requester_disabled", $"{requester.UserPrincipalName}'s account is disabled."));
        }

        var requestId = RequestIds.For(channel, message.Id);
        var existing = await durable.GetInstanceAsync(requestId, getInputsAndOutputs: false, cancellationToken);
        if (existing is not null)
        {
            var view = ReadView(existing);
            return (Accepted(requestId, view?.Status ?? RequestStatus.Planning, view?.Reply ?? "I already have this message; here is its status."), null);
        }

        // A reply to an open clarification question answers it instead of starting a new request.
        var waiting = await FindWaitingClarificationAsync(requester.UserPrincipalName, channel, cancellationToken);
        if (waiting is not null)
        {
            await durable.RaiseEventAsync(waiting, ClarificationAnswerEvent.EventName, new ClarificationAnswerEvent(message.Text, time.GetUtcNow()), cancellationToken);
            return (Accepted(waiting, RequestStatus.NeedsClarification, "Thanks, checking your answer."), null);
        }

        var attachmentIds = new List<string>();
        foreach (var (a, i) in (message.Attachments ?? []).Select((a, i) => (a, i)))
        {
            var id = $"{requestId}-{i}";
            await attachments.PutAsync(new StoredAttachment(id, a.Name ?? $"attachment-{i}", a.ContentType ?? "application/octet-stream", Convert.FromBase64String(a.ContentBase64!)), cancellationToken);
            attachmentIds.Add(id);
        }

        var input = new RequestInput(requestId, channel, message.Id.Trim(), requester.UserPrincipalName, message.Text.Trim(), time.GetUtcNow(), attachmentIds);
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(nameof(RequestWorkflow), input, new StartOrchestrationOptions(requestId), cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException || e.GetType().Name == "RpcException")
        {
            // Two deliveries of the same message raced; the first one started it.
            logger.LogInformation("Request {RequestId} was already started: {Message}", requestId, e.Message);
        }

        return (Accepted(requestId, RequestStatus.Planning, "Got it. I'm looking into it."), null);
    }

    public async Task<IResult> GetRequestAsync(string id, CancellationToken cancellationToken)
    {
        var view = await FindViewAsync(id, cancellationToken);
        return view is null
            ? ApiErrors.NotFound("request_not_found", $"There is no request '{id}'.")
            : Results.Json(view, Json);
    }

    public async Task<RequestView?> FindViewAsync(string id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100)
        {
            return null;
        }

        var meta = await durable.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        return meta is null ? null : ReadView(meta);
    }

    /// <summary>The view from the orchestration; a crashed orchestration reads as failed.</summary>
    internal static RequestView? ReadView(OrchestrationMetadata meta)
    {
        RequestView? view = null;
        if (meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed && meta.SerializedOutput is { Length: > 0 } output)
        {
            view = JsonSerializer.Deserialize<RequestView>(output, Json);
        }

        if (view is null && meta.SerializedCustomStatus is { Length: > 0 } custom)
        {
            view = JsonSerializer.Deserialize<RequestView>(custom, Json);
        }

        if (meta.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
        {
            view = (view ?? new RequestView { Id = meta.InstanceId, Status = RequestStatus.Failed, Requester = string.Empty })
                with { Status = RequestStatus.Failed, Reply = "Something went wrong while working on this request; nothing further will happen. The audit trail has the details." };
        }

        return view ?? new RequestView { Id = meta.InstanceId, Status = RequestStatus.Planning, Requester = string.Empty };
    }

    public async Task<IResult> GetApprovalAsync(string token, CancellationToken cancellationToken)
    {
        var (claims, view, problem) = await CheckApprovalAsync(token, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return ApprovalPages.Review(view!, claims!.Approver, claims.Stage, claims.ExpiresAt, token);
    }

    public async Task<IResult> PostApprovalAsync(string token, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? decision = null, comment = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            decision = form["decision"].ToString();
            comment = form["comment"].ToString();
        }

        decision = decision?.Trim().ToLowerInvariant();
        if (decision is not (ApprovalDecisionEvent.Approve or ApprovalDecisionEvent.Deny))
        {
            return ApprovalPages.Problem(StatusCodes.Status400BadRequest, "Choose approve or deny", "The form must say decision=approve or decision=deny.");
        }

        if (comment is { Length: > 1000 })
        {
            return ApprovalPages.Problem(StatusCodes.Status400BadRequest, "Comment too long", "Comments are limited to 1000 characters.");
        }

        var (claims, _, problem) = await CheckApprovalAsync(token, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!await ledger.TryConsumeAsync(claims!.TokenId, cancellationToken))
        {
            return ApprovalPages.Problem(StatusCodes.Status409Conflict, "Already used", "This approval link has already been used. Each link decides once.");
        }

        await durable.RaiseEventAsync(
            claims.RequestId,
            ApprovalDecisionEvent.EventName,
            new ApprovalDecisionEvent(claims.TokenId, claims.Approver, claims.Stage, claims.PlanHash, decision, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), time.GetUtcNow()),
            cancellationToken);
        return ApprovalPages.Recorded(claims.RequestId, decision);
    }

    private async Task<(ApprovalClaims? Claims, RequestView? View, IResult? Problem)> CheckApprovalAsync(string token, CancellationToken cancellationToken)
    {
        var (claims, verdict) = tokens.Verify(token);
        switch (verdict)
        {
            case TokenProblem.Malformed:
            case TokenProblem.BadSignature:
                return (null, null, ApprovalPages.Problem(StatusCodes.Status400BadRequest, "Invalid approval link", "This approval link is not valid. It may have been altered or copied incompletely."));
            case TokenProblem.Expired:
                return (null, null, ApprovalPages.Problem(StatusCodes.Status410Gone, "Link expired", "This approval link has expired. The request can no longer be approved."));
        }

        if (await ledger.IsConsumedAsync(claims!.TokenId, cancellationToken))
        {
            return (null, null, ApprovalPages.Problem(StatusCodes.Status409Conflict, "Already used", "This approval link has already been used. Each link decides once."));
        }

        var view = await FindViewAsync(claims.RequestId, cancellationToken);
        if (view is null)
        {
            return (null, null, ApprovalPages.Problem(StatusCodes.Status404NotFound, "Request not found", "The request behind this link no longer exists."));
        }

        if (view.Status != RequestStatus.AwaitingApproval)
        {
            return (null, null, ApprovalPages.Problem(StatusCodes.Status409Conflict, "No longer waiting", $"This request is {view.Status.Replace('_', ' ')}; it is not waiting for approval."));
        }

        if (view.PlanHash != claims.PlanHash)
        {
            return (null, null, ApprovalPages.Problem(StatusCodes.Status409Conflict, "Plan changed", "The plan changed after this link was sent, so this link no longer applies."));
        }

        if (string.Equals(claims.Approver, view.Requester, StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, ApprovalPages.Problem(StatusCodes.Status403Forbidden, "Not allowed", "Requesters cannot approve their own requests."));
        }

        if (view.Approvals.Any(a => string.Equals(a.Approver, claims.Approver, StringComparison.OrdinalIgnoreCase) && a.Stage == claims.Stage))
        {
            return (null, null, ApprovalPages.Problem(StatusCodes.Status409Conflict, "Already decided", "You have already decided on this request."));
        }

        return (claims, view, null);
    }

    /// <summary>Dry run: what Dex would do and what policy says, changing nothing.</summary>
    public async Task<IResult> PlanAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        PlanRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<PlanRequest>(request.Body, Json, cancellationToken);
        }
        catch (JsonException)
        {
            return ApiErrors.BadRequest("invalid_json", "The body is not valid JSON. Send {\"requester\",\"text\"}.");
        }

        if (body is null || string.IsNullOrWhiteSpace(body.Requester) || !IsUpn(body.Requester))
        {
            return ApiErrors.BadRequest("missing_requester", "\"requester\" (a UPN) is required.");
        }

        if (string.IsNullOrWhiteSpace(body.Text) || body.Text.Length > MaxTextLength)
        {
            return ApiErrors.BadRequest("missing_text", $"\"text\" is required (at most {MaxTextLength} characters).");
        }

        if (await directory.FindUserAsync(body.Requester, cancellationToken) is null)
        {
            return ApiErrors.BadRequest("unknown_requester", $"{body.Requester} is not a user of this directory.");
        }

        var understood = await understanding.UnderstandAsync(body.Requester, body.Text, hasAttachment: false, cancellationToken);
        understood = understood with { Steps = [.. understood.Steps.Where(s => Actions.ActionCatalogue.BuiltIn.IsKnown(s.Action))] };
        var plan = await planner.PlanAsync(body.Requester, understood, null, null, cancellationToken);
        PolicyDecision? decision = null;
        if (plan.Clarification is null && plan.Problem is null)
        {
            decision = await policy.EvaluateAsync(plan, body.Text, cancellationToken);
        }

        return Results.Json(
            new
            {
                steps = plan.Steps.Select(Views.Of),
                decision = decision is null ? null : Views.Of(decision),
                clarification = plan.Clarification is null ? null : new
                {
                    question = plan.Clarification.Question,
                    options = plan.Clarification.Options.Select(o => new { id = o.Id, label = o.Label, userPrincipalName = o.UserPrincipalName }),
                },
                problem = plan.Problem,
                understoodBy = plan.UnderstoodBy,
            },
            Json);
    }

    public async Task<IResult> QueryAuditAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = request.Query;
        DateTimeOffset? from = null, to = null;
        if (q.TryGetValue("from", out var f) && !string.IsNullOrEmpty(f))
        {
            if (!DateTimeOffset.TryParse(f, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var v))
            {
                return ApiErrors.BadRequest("invalid_from", "\"from\" must be an ISO 8601 date/time.");
            }

            from = v;
        }

        if (q.TryGetValue("to", out var t) && !string.IsNullOrEmpty(t))
        {
            if (!DateTimeOffset.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var v))
            {
                return ApiErrors.BadRequest("invalid_to", "\"to\" must be an ISO 8601 date/time.");
            }

            to = v;
        }

        var limit = 100;
        if (q.TryGetValue("limit", out var l) && !string.IsNullOrEmpty(l) && (!int.TryParse(l, out limit) || limit < 1 || limit > 1000))
        {
            return ApiErrors.BadRequest("invalid_limit", "\"limit\" must be a number from 1 to 1000.");
        }

        long after = 0;
        if (q.TryGetValue("after", out var a) && !string.IsNullOrEmpty(a) && (!long.TryParse(a, out after) || after < 0))
        {
            return ApiErrors.BadRequest("invalid_after", "\"after\" must be a sequence number.");
        }

        var page = await audit.QueryAsync(
            new AuditQuery
            {
                RequestId = Nullable(q["requestId"]),
                Actor = Nullable(q["actor"]),
                Target = Nullable(q["target"]),
                Action = Nullable(q["action"]),
                From = from,
                To = to,
                AfterSeq = after,
                Limit = limit,
            },
            cancellationToken);
        return Results.Json(new { entries = page.Entries, next = page.NextAfterSeq }, Json);
    }

    public async Task<IResult> VerifyAuditAsync(CancellationToken cancellationToken)
    {
        var v = await audit.VerifyAsync(cancellationToken);
        return Results.Json(new { ok = v.Ok, entries = v.Entries, firstBadSeq = v.FirstBadSeq }, Json);
    }

    /// <summary>One view of a delivered credential; gone afterwards. GET is the reveal: the link is the credential's only copy.</summary>
    public async Task<IResult> RevealSecretAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
        {
            return SecretPages.Gone();
        }

        var secret = await vault.RevealOnceAsync(token, cancellationToken);
        if (secret is null)
        {
            return SecretPages.Gone();
        }

        await audit.AppendAsync(
            new AuditEvent
            {
                EventId = "secret:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)))[..24],
                RequestId = "-",
                Actor = secret.Recipient,
                Event = "credential_viewed",
                Outcome = "viewed",
                Details = secret.Label,
                At = time.GetUtcNow(),
            },
            cancellationToken);
        return SecretPages.Reveal(secret);
    }

    public async Task<IResult> RunDiscoveryAsync(CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await discovery.RunAsync("api", cancellationToken);
            return Results.Json(snapshot, Json);
        }
        catch (DirectoryException e)
        {
            return ApiErrors.Of(StatusCodes.Status502BadGateway, "graph_error", e.Message);
        }
    }

    public async Task<IResult> LatestDiscoveryAsync(CancellationToken cancellationToken)
    {
        var latest = await discovery.LatestAsync(cancellationToken);
        return latest is null
            ? ApiErrors.NotFound("no_discovery", "Discovery has not run yet. POST /api/discovery/run to run it now.")
            : Results.Json(latest, Json);
    }

    public async Task<IResult> ValidateSetupAsync(CancellationToken cancellationToken)
    {
        var report = await setup.ValidateAsync(cancellationToken);
        return Results.Json(report, Json, statusCode: report.Ok ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    public async Task ExportAuditAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var format = context.Request.Query["format"].ToString().ToLowerInvariant();
        if (format is not ("csv" or "jsonl" or ""))
        {
            await ApiErrors.BadRequest("invalid_format", "format must be csv or jsonl.").ExecuteAsync(context);
            return;
        }

        var csv = format != "jsonl";
        context.Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"dex-audit.{(csv ? "csv" : "jsonl")}\"";
        if (csv)
        {
            await AuditExport.WriteCsvAsync(audit.ReadAllAsync(cancellationToken), context.Response.Body, cancellationToken);
        }
        else
        {
            await AuditExport.WriteJsonLinesAsync(audit.ReadAllAsync(cancellationToken), context.Response.Body, cancellationToken);
        }
    }

    public object Health() => new
    {
        status = "ok",
        graph = graphOptions.IsLive ? "live" : "emulator",
        graphBaseUrl = graphOptions.BaseUrl,
        parser = understanding is FallbackUnderstanding ? "openai (rules as fallback)" : "rules",
        time = time.GetUtcNow(),
    };

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
            var view = meta.SerializedCustomStatus is { Length: > 0 } s ? JsonSerializer.Deserialize<RequestView>(s, Json) : null;
            if (view?.Status == RequestStatus.NeedsClarification
                && string.Equals(view.Requester, requester, StringComparison.OrdinalIgnoreCase)
                && meta.SerializedInput is { Length: > 0 } inputJson
                && JsonSerializer.Deserialize<RequestInput>(inputJson, Json) is { } input
                && string.Equals(input.Channel, channel, StringComparison.OrdinalIgnoreCase))
            {
                return meta.InstanceId;
            }
        }

        return null;
    }

    private static IResult? CheckAttachment(MessageAttachment a)
    {
        if (string.IsNullOrEmpty(a.ContentBase64))
        {
            return ApiErrors.BadRequest("invalid_attachment", $"Attachment '{a.Name}' has no content.");
        }

        // Checked before decoding so an oversized upload costs nothing more.
        if ((long)a.ContentBase64.Length * 3 / 4 > MaxAttachmentBytes + 3)
        {
            return ApiErrors.Of(StatusCodes.Status413PayloadTooLarge, "attachment_too_large", $"Attachment '{a.Name}' is larger than 4 MB; profile photos must be at most 4 MB.");
        }

        var buffer = new byte[(a.ContentBase64.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(a.ContentBase64, buffer, out var bytes))
        {
            return ApiErrors.BadRequest("invalid_attachment", $"Attachment '{a.Name}' is not valid base64.");
        }

        return bytes > MaxAttachmentBytes
            ? ApiErrors.Of(StatusCodes.Status413PayloadTooLarge, "attachment_too_large", $"Attachment '{a.Name}' is larger than 4 MB; profile photos must be at most 4 MB.")
            : null;
    }

    private static MessageAccepted Accepted(string requestId, string status, string reply)
        => new(requestId, status, $"/api/requests/{requestId}", reply);

    internal static bool IsUpn(string value)
    {
        if (value.Length > 254 || value.Any(char.IsWhiteSpace) || value.Contains('\'', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal))
        {
            return false;
        }

        return MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.', StringComparison.Ordinal);
    }

    private static string? Nullable(Microsoft.Extensions.Primitives.StringValues v) => string.IsNullOrWhiteSpace(v) ? null : v.ToString();
}

public sealed record MessageAccepted(
    [property: System.Text.Json.Serialization.JsonPropertyName("requestId")] string RequestId,
    [property: System.Text.Json.Serialization.JsonPropertyName("status")] string Status,
    [property: System.Text.Json.Serialization.JsonPropertyName("statusUrl")] string StatusUrl,
    [property: System.Text.Json.Serialization.JsonPropertyName("reply")] string Reply);

public sealed record PlanRequest(string? Requester, string? Text);
