using Microsoft.Extensions.Configuration;

namespace Dex.Web.Chat;

/// <summary>
/// Settings of the chat front-ends, read from configuration on each request (so Key Vault reference refreshes apply):
/// <list type="bullet">
/// <item><c>Dex:Webhook:Secret</c>: shared secret of <c>POST /api/messages</c> (and of queue messages). Empty = every message is refused (401), except where <c>Dex:Webhook:AllowUnsigned</c> is true: Dex.Local sets it in Emulator mode only.</item>
/// <item><c>Dex:Teams:TenantId</c>: the only tenant whose Teams activities are accepted (default <c>Dex:Graph:TenantId</c>; Dex.Local: the emulated tenant).</item>
/// <item><c>Dex:Slack:AllowedTeams</c> / <c>Dex:Slack:AllowedEnterprises</c>: comma-separated Slack <c>team_id</c>s (and <c>enterprise_id</c>s); a command from anywhere else is refused.</item>
/// <item><c>Dex:Slack:BotToken</c>: lets Dex look a Slack user's confirmed e-mail up with <c>users.info</c> when the user is not in the map.</item>
/// <item><c>Dex:Teams:SigningKey</c>: the base64 security token of the Teams outgoing webhook. Empty = the Teams route refuses everything.</item>
/// <item><c>Dex:Teams:BotName</c>: the outgoing webhook's name, whose <c>&lt;at&gt;</c> mention is stripped (default <c>Dex</c>).</item>
/// <item><c>Dex:Slack:SigningSecret</c>: the Slack app's signing secret. Empty = the Slack route refuses everything.</item>
/// <item><c>Dex:Slack:UserMap:&lt;SlackUserId&gt;</c> = UPN: explicit Slack user → Entra user mapping (preferred).</item>
/// </list>
/// </summary>
public sealed class ChatOptions
{
    public string? WebhookSecret { get; init; }

    public string? TeamsSigningKey { get; init; }

    public string TeamsBotName { get; init; } = "Dex";

    public string? SlackSigningSecret { get; init; }

    public IReadOnlyDictionary<string, string> SlackUserMap { get; init; } = new Dictionary<string, string>();

    public bool AllowUnsigned { get; init; }

    /// <summary>
    /// <c>Dex:Webhook:AcceptSignedIn</c>: an unsigned message from a person signed in to Dex (cookie sign-in, Dex.Local only)
    /// is accepted with that person as the requester. Never set in Azure, where the chat routes bypass the platform's sign-in.
    /// </summary>
    public bool AcceptSignedIn { get; init; }

    public string? TeamsTenantId { get; init; }

    public IReadOnlySet<string> SlackAllowedTeams { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> SlackAllowedEnterprises { get; init; } = new HashSet<string>();

    public string? SlackBotToken { get; init; }

    public string SlackApiBaseUrl { get; init; } = "https://slack.com/api/";

    public static ChatOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in configuration.GetSection("Dex:Slack:UserMap").GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(entry.Value))
            {
                map[entry.Key.Trim()] = entry.Value.Trim();
            }
        }

        return new ChatOptions
        {
            WebhookSecret = NullIfEmpty(configuration["Dex:Webhook:Secret"]),
            TeamsSigningKey = NullIfEmpty(configuration["Dex:Teams:SigningKey"]),
            TeamsBotName = NullIfEmpty(configuration["Dex:Teams:BotName"]) ?? "Dex",
            SlackSigningSecret = NullIfEmpty(configuration["Dex:Slack:SigningSecret"]),
            SlackUserMap = map,
            AcceptSignedIn = string.Equals(configuration["Dex:Webhook:AcceptSignedIn"], "true", StringComparison.OrdinalIgnoreCase),
            AllowUnsigned = bool.TryParse(configuration["Dex:Webhook:AllowUnsigned"], out var unsigned) && unsigned,
            TeamsTenantId = NullIfEmpty(configuration["Dex:Teams:TenantId"]) ?? NullIfEmpty(configuration["Dex:Graph:TenantId"]),
            SlackAllowedTeams = List(configuration["Dex:Slack:AllowedTeams"]),
            SlackAllowedEnterprises = List(configuration["Dex:Slack:AllowedEnterprises"]),
            SlackBotToken = NullIfEmpty(configuration["Dex:Slack:BotToken"]),
            SlackApiBaseUrl = NullIfEmpty(configuration["Dex:Slack:ApiBaseUrl"]) is { } api ? api.TrimEnd('/') + "/" : "https://slack.com/api/",
        };
    }

    private static HashSet<string> List(string? value) =>
        new((value ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
