using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dex.Core;
using Dex.Core.Directory;
using Dex.Core.Intake;
using Dex.Core.Requests;
using Dex.Web.Http;
using Dex.Web.Identity;
using Dex.Web.Messages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dex.Web.Chat;

/// <summary>
/// The chat front-ends of DESIGN §5, written once for Dex.Local and Dex.Functions: the generic webhook
/// (<c>POST /api/messages</c>, optionally signed), Microsoft Teams outgoing webhooks and Slack slash commands.
/// Each verifies its signature on the raw body before anything else, refuses replays, maps the sender to a
/// directory user, and hands an <see cref="IncomingMessage"/> to <see cref="MessageIntake.AcceptAsync"/>; nothing is
/// started unless the signature is valid. Signature failures are 401 with the error envelope.
/// </summary>
public sealed partial class ChatGateway(
    MessageIntake intake,
    DirectoryService directory,
    ChatOptions options,
    DexOptions dex,
    ReplayCache replay,
    TimeProvider time,
    ILogger<ChatGateway> logger,
    ISlackUsers? slackUsers = null)
{
    public const string TeamsChannel = "teams";
    public const string SlackChannel = "slack";

    /// <summary>Room for a 4 MB attachment in base64 plus the JSON around it.</summary>
    public const int MaxJsonBodyBytes = 6 * 1024 * 1024;
    public const int MaxSlackBodyBytes = 64 * 1024;

    private static readonly ConditionalWeakTable<object, ReplayCache> HostCaches = new();

    /// <summary>
    /// Builds the gateway over an intake (whose durable client may come from a Functions binding). The replay cache
    /// is the registered <see cref="ReplayCache"/> if any (<see cref="WebServiceCollectionExtensions.AddDexWeb"/>),
    /// else one per host, anchored on the host's <see cref="DirectoryService"/> singleton.
    /// </summary>
    public static ChatGateway Create(IServiceProvider services, MessageIntake intake)
    {
        ArgumentNullException.ThrowIfNull(services);
        var directory = services.GetRequiredService<DirectoryService>();
        var cache = services.GetService<ReplayCache>() ?? HostCaches.GetValue(directory, _ => new ReplayCache());
        return new ChatGateway(
            intake,
            directory,
            ChatOptions.From(services.GetRequiredService<IConfiguration>()),
            services.GetRequiredService<DexOptions>(),
            cache,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILogger<ChatGateway>>() ?? NullLogger<ChatGateway>.Instance,
            services.GetService<ISlackUsers>() ?? SlackWebApiUsers.FromConfiguration(services));
    }

    /// <summary>
    /// <c>POST /api/messages</c>. With <c>Dex:Webhook:Secret</c> set, <c>X-Dex-Timestamp</c> and <c>X-Dex-Signature</c>
    /// are required; without it, unsigned messages are accepted (local development: the requester in the body is trusted).
    /// </summary>
    public async Task<IResult> PostMessageAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signed = request.Headers.ContainsKey(DexWebhookSignature.SignatureHeader);
        if (!signed && !options.AllowUnsigned && options.AcceptSignedIn && SignedInUser.From(request.HttpContext.User) is { } person)
        {
            // Dex.Local's console after an Entra sign-in: the sign-in, not the body, says who asks.
            return await new MessageEndpoints(intake).PostAsSignedInAsync(request, person.UserPrincipalName, cancellationToken);
        }

        if (options.WebhookSecret is not { } secret)
        {
            if (options.AllowUnsigned)
            {
                // Dex.Local in Emulator mode only (its start-up text says so): trying Dex out against the simulated tenant.
                return await new MessageEndpoints(intake).PostAsync(request, cancellationToken);
            }

            logger.LogWarning("Refused an unsigned message: Dex:Webhook:Secret is not set, so no message can be verified.");
            return NotConfigured("the webhook", "Dex:Webhook:Secret");
        }

        var (body, tooLarge) = await ReadBodyAsync(request, MaxJsonBodyBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        var check = DexWebhookSignature.Verify(secret, Header(request, DexWebhookSignature.TimestampHeader), Header(request, DexWebhookSignature.SignatureHeader), body, time.GetUtcNow());
        var refused = Refuse("generic", check, $"{DexWebhookSignature.TimestampHeader} (unix seconds) and {DexWebhookSignature.SignatureHeader}: sha256=<hex HMAC-SHA256(secret, timestamp + \".\" + body)>");
        if (refused is not null)
        {
            return refused;
        }

        var key = "dex:" + check.Fingerprint;
        if (!replay.TryRecord(key, check.SignedAt!.Value + WebhookSignatures.Window, time.GetUtcNow()))
        {
            return Replayed("generic");
        }

        request.Body = new MemoryStream(body, writable: false);
        return await ForgetOnFailureAsync(key, () => new MessageEndpoints(intake).PostAsync(request, cancellationToken));
    }

    /// <summary><c>POST /api/messages/teams</c>: a Microsoft Teams outgoing webhook; replies a Bot Framework message activity.</summary>
    public async Task<IResult> PostTeamsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (TeamsSignature.DecodeKey(options.TeamsSigningKey) is not { } key)
        {
            if (options.TeamsSigningKey is not null)
            {
                logger.LogError("Dex:Teams:SigningKey is not valid base64; Teams messages are refused until it is fixed.");
            }

            return NotConfigured("Microsoft Teams", "Dex:Teams:SigningKey");
        }

        var (body, tooLarge) = await ReadBodyAsync(request, MaxJsonBodyBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        var check = TeamsSignature.Verify(key, Header(request, "Authorization"), body);
        var refused = Refuse("teams", check, "Authorization: HMAC <base64 HMAC-SHA256 of the body, keyed with the webhook's security token>");
        if (refused is not null)
        {
            return refused;
        }

        var activity = TeamsActivity.Parse(body);
        if (activity is null)
        {
            return ApiErrors.BadRequest("invalid_json", "The body is not a Bot Framework activity (a JSON object).");
        }

        if (string.IsNullOrWhiteSpace(activity.Id) || activity.Id.Length > 200)
        {
            return ApiErrors.BadRequest("missing_id", "The activity has no \"id\".");
        }

        var now = time.GetUtcNow();
        if (activity.Timestamp is null)
        {
            return ApiErrors.Of(StatusCodes.Status401Unauthorized, "missing_timestamp", "The activity has no \"timestamp\"; without it a replay cannot be told from a new message.");
        }

        if (options.TeamsTenantId is not { } tenant)
        {
            return NotConfigured("Microsoft Teams", "Dex:Teams:TenantId");
        }

        if (!string.Equals(activity.TenantId, tenant, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogWarning("Refused a Teams activity from tenant {Tenant}.", activity.TenantId);
            return ApiErrors.Of(StatusCodes.Status403Forbidden, "foreign_tenant", "This Teams message comes from another Microsoft Entra tenant; Dex only serves its own.");
        }

        if (activity.Timestamp is { } sent && !WebhookSignatures.WithinWindow(sent, now))
        {
            logger.LogWarning("Refused a Teams activity signed at {Sent} (outside the {Window} window).", sent, WebhookSignatures.Window);
            return ApiErrors.Of(StatusCodes.Status401Unauthorized, "expired_signature", "The activity's timestamp is more than 5 minutes away from the server clock.");
        }

        var replayKey = "teams:" + activity.Id.Trim();
        if (!replay.TryRecord(replayKey, (activity.Timestamp ?? now) + WebhookSignatures.Window, now))
        {
            return Replayed("teams");
        }

        return await ForgetOnFailureAsync(replayKey, () => AcceptTeamsAsync(activity, cancellationToken));
    }

    /// <summary><c>POST /api/messages/slack</c>: a Slack slash command (form body); replies Slack JSON, ephemeral.</summary>
    public async Task<IResult> PostSlackAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (options.SlackSigningSecret is not { } secret)
        {
            return NotConfigured("Slack", "Dex:Slack:SigningSecret");
        }

        var (body, tooLarge) = await ReadBodyAsync(request, MaxSlackBodyBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        var timestamp = Header(request, SlackSignature.TimestampHeader);
        var check = SlackSignature.Verify(secret, timestamp, Header(request, SlackSignature.SignatureHeader), body, time.GetUtcNow());
        var refused = Refuse("slack", check, $"{SlackSignature.TimestampHeader} and {SlackSignature.SignatureHeader}: v0=<hex HMAC-SHA256(signing secret, \"v0:\" + timestamp + \":\" + body)>");
        if (refused is not null)
        {
            return refused;
        }

        var command = SlackCommand.Parse(body);
        if (command.SslCheck)
        {
            return Results.Ok();
        }

        var key = "slack:" + check.Fingerprint;
        if (!replay.TryRecord(key, check.SignedAt!.Value + WebhookSignatures.Window, time.GetUtcNow()))
        {
            return Replayed("slack");
        }

        return await ForgetOnFailureAsync(key, () => AcceptSlackAsync(command, timestamp!.Trim(), cancellationToken));
    }

    private async Task<IResult> AcceptTeamsAsync(TeamsActivity activity, CancellationToken cancellationToken)
    {
        if (activity.Type is { } type && !string.Equals(type, "message", StringComparison.OrdinalIgnoreCase))
        {
            return TeamsReply($"I only read messages (this was a '{type}' activity).");
        }

        if (!Guid.TryParse(activity.FromAadObjectId, out var objectId))
        {
            return TeamsReply("I can't tell who you are: this Teams message carries no Microsoft Entra user id, so I can't act on it. Ask from your work account.");
        }

        var user = await directory.FindUserAsync(objectId.ToString(), cancellationToken);
        if (user is null)
        {
            var who = string.IsNullOrWhiteSpace(activity.FromName) ? "your account" : $"{Sanitize(activity.FromName)}'s account";
            return TeamsReply($"I couldn't find {who} in this directory, so I can't act on this request. If you use a guest or another tenant's account, ask from your account in this organisation.");
        }

        var text = TeamsActivity.CleanText(activity.Text, options.TeamsBotName);
        if (text.Length == 0)
        {
            return TeamsReply($"Hi {user.DisplayName}. Tell me what you need after mentioning me, for example: @{options.TeamsBotName} update my mobile to +1 415 555 0123.");
        }

        var (attachments, unreadable) = activity.ReadAttachments();
        var message = new IncomingMessage(activity.Id, TeamsChannel, user.UserPrincipalName, text, attachments.Count == 0 ? null : attachments);
        var result = await intake.AcceptAsync(message, cancellationToken);
        if (!result.IsAccepted)
        {
            return TeamsReply(ErrorText(result.Rejected));
        }

        var reply = $"{result.Accepted.Reply}\n\nStatus: {StatusLink(result.Accepted)}";
        if (unreadable.Count > 0)
        {
            reply += $"\n\nI couldn't read the attached file(s) ({string.Join(", ", unreadable.Select(Sanitize))}): Teams outgoing webhooks don't pass files on. Send the file through the Dex web console instead.";
        }

        return TeamsReply(reply);
    }

    private async Task<IResult> AcceptSlackAsync(SlackCommand command, string timestamp, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(command.UserId))
        {
            return ApiErrors.BadRequest("missing_user", "The slash command has no user_id.");
        }

        if (command.TeamId is null || !options.SlackAllowedTeams.Contains(command.TeamId)
            || (command.EnterpriseId is { } enterprise && !options.SlackAllowedEnterprises.Contains(enterprise)))
        {
            logger.LogWarning("Refused a Slack command from workspace {Team} (enterprise {Enterprise}).", command.TeamId, command.EnterpriseId);
            return Results.Json(new SlackReplyMessage("ephemeral", "This Slack workspace is not allowed to use Dex. An administrator can add its team id to Dex:Slack:AllowedTeams."), DexJson.Options, statusCode: StatusCodes.Status403Forbidden);
        }

        var upn = await ResolveSlackUserAsync(command, cancellationToken);
        if (upn is null)
        {
            return SlackReply(
                $"I couldn't match your Slack account ({Sanitize(command.UserId)}) to a user in the directory, so I can't act on this request. "
                + $"An administrator can map it with the setting Dex:Slack:UserMap:{Sanitize(command.UserId)} = your work e-mail address.");
        }

        if (string.IsNullOrWhiteSpace(command.Text))
        {
            return SlackReply($"Tell me what you need, for example: {command.Command ?? "/dex"} reset my password.");
        }

        var message = new IncomingMessage(command.MessageId(timestamp), SlackChannel, upn, command.Text, null);
        var result = await intake.AcceptAsync(message, cancellationToken);
        return result.IsAccepted
            ? SlackReply($"{result.Accepted.Reply}\nStatus: {StatusLink(result.Accepted)}")
            : SlackReply(ErrorText(result.Rejected));
    }

    /// <summary>
    /// The explicit map first; then the Slack user's confirmed e-mail from Slack's <c>users.info</c> (bot token), when
    /// it is a user of the directory. Never the Slack name: anyone can choose it.
    /// </summary>
    private async Task<string?> ResolveSlackUserAsync(SlackCommand command, CancellationToken cancellationToken)
    {
        if (options.SlackUserMap.TryGetValue(command.UserId!, out var mapped))
        {
            return mapped;
        }

        if (slackUsers is null || await slackUsers.ConfirmedEmailAsync(command.TeamId!, command.UserId!, cancellationToken) is not { } email || !MessageIntake.IsUpn(email))
        {
            return null;
        }

        return (await directory.FindUserAsync(email, cancellationToken))?.UserPrincipalName;
    }

    private async Task<IResult> ForgetOnFailureAsync(string replayKey, Func<Task<IResult>> handle)
    {
        try
        {
            return await handle();
        }
        catch
        {
            // Our failure, not the caller's: let the same delivery be retried.
            replay.Forget(replayKey);
            throw;
        }
    }

    private IResult? Refuse(string route, SignatureCheck check, string expected)
    {
        if (check.IsValid)
        {
            return null;
        }

        logger.LogWarning("Refused a {Route} chat request: signature {Verdict}.", route, check.Verdict);
        var (code, message) = check.Verdict switch
        {
            SignatureVerdict.Missing => ("missing_signature", $"This endpoint requires a signed request: {expected}."),
            SignatureVerdict.Malformed => ("invalid_signature", $"The signature headers are malformed. Expected {expected}."),
            SignatureVerdict.Expired => ("expired_signature", "The request timestamp is more than 5 minutes away from the server clock."),
            _ => ("invalid_signature", "The signature does not match the request body."),
        };
        return ApiErrors.Of(StatusCodes.Status401Unauthorized, code, message);
    }

    private IResult Replayed(string route)
    {
        logger.LogWarning("Refused a replayed {Route} chat request.", route);
        return ApiErrors.Of(StatusCodes.Status401Unauthorized, "replayed_request", "This signed request was already received; replays are refused.");
    }

    private static IResult NotConfigured(string front, string setting)
        => ApiErrors.Of(StatusCodes.Status401Unauthorized, "signature_not_configured", $"{front} messages are not accepted: the signing secret ({setting}) is not configured, so requests cannot be verified.");

    private static async Task<(byte[] Body, IResult? TooLarge)> ReadBodyAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        var tooLarge = ApiErrors.Of(StatusCodes.Status413PayloadTooLarge, "body_too_large", $"The request body is limited to {max / 1024} KB.");
        if (request.ContentLength > max)
        {
            return ([], tooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + n > max)
                {
                    return ([], tooLarge);
                }

                buffer.Write(chunk, 0, n);
            }
        }
        catch (BadHttpRequestException e)
        {
            return ([], ApiErrors.Of(e.StatusCode, "bad_request", "The request body could not be read."));
        }

        return (buffer.ToArray(), null);
    }

    private static string? Header(HttpRequest request, string name)
        => request.Headers.TryGetValue(name, out var v) && v.Count == 1 ? v[0] : null;

    private string StatusLink(MessageAccepted accepted) => dex.PublicBaseUrl.TrimEnd('/') + accepted.StatusUrl;

    /// <summary>Why intake refused the message, as the chat reply.</summary>
    internal static string ErrorText(Rejection rejection) => $"I can't take this request: {rejection.Message}";

    private static IResult TeamsReply(string text) => Results.Json(new TeamsReplyActivity("message", text), DexJson.Options);

    private static IResult SlackReply(string text) => Results.Json(new SlackReplyMessage("ephemeral", text), DexJson.Options);

    /// <summary>Names echoed back from the chat payload: no markup or control characters, bounded.</summary>
    private static string Sanitize(string value)
    {
        var clean = new string([.. value.Where(c => !char.IsControl(c) && c is not ('<' or '>' or '&' or '*' or '_' or '`' or '[' or ']'))]).Trim();
        return clean.Length > 64 ? clean[..64] : clean;
    }

}

/// <summary>The reply to a Teams outgoing webhook: a Bot Framework message activity.</summary>
public sealed record TeamsReplyActivity(
    [property: System.Text.Json.Serialization.JsonPropertyName("type")] string Type,
    [property: System.Text.Json.Serialization.JsonPropertyName("text")] string Text);

/// <summary>The immediate reply to a Slack slash command.</summary>
public sealed record SlackReplyMessage(
    [property: System.Text.Json.Serialization.JsonPropertyName("response_type")] string ResponseType,
    [property: System.Text.Json.Serialization.JsonPropertyName("text")] string Text);
