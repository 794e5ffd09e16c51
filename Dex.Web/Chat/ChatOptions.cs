using Microsoft.Extensions.Configuration;

namespace Dex.Web.Chat;

/// <summary>
/// Settings of the chat front-ends, read from configuration on each request (so Key Vault reference refreshes apply):
/// <list type="bullet">
/// <item><c>Dex:Webhook:Secret</c>: shared secret of <c>POST /api/messages</c>. Empty = unsigned messages are accepted (local development only).</item>
/// <item><c>Dex:Teams:SigningKey</c>: the base64 security token of the Teams outgoing webhook. Empty = the Teams route refuses everything.</item>
/// <item><c>Dex:Teams:BotName</c>: the outgoing webhook's name, whose <c>&lt;at&gt;</c> mention is stripped (default <c>Dex</c>).</item>
/// <item><c>Dex:Slack:SigningSecret</c>: the Slack app's signing secret. Empty = the Slack route refuses everything.</item>
/// <item><c>Dex:Slack:UserMap:&lt;SlackUserId&gt;</c> = UPN: explicit Slack user → Entra user mapping (preferred).</item>
/// <item><c>Dex:Slack:UserNameFallback</c> (default true): otherwise try <c>user_name@&lt;domain&gt;</c> in the directory.</item>
/// <item><c>Dex:Slack:Domain</c>: the domain for that fallback; empty = the tenant's verified domains.</item>
/// </list>
/// </summary>
public sealed class ChatOptions
{
    public string? WebhookSecret { get; init; }

    public string? TeamsSigningKey { get; init; }

    public string TeamsBotName { get; init; } = "Dex";

    public string? SlackSigningSecret { get; init; }

    public IReadOnlyDictionary<string, string> SlackUserMap { get; init; } = new Dictionary<string, string>();

    public bool SlackUserNameFallback { get; init; } = true;

    public string? SlackDomain { get; init; }

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
            SlackUserNameFallback = !bool.TryParse(configuration["Dex:Slack:UserNameFallback"], out var fallback) || fallback,
            SlackDomain = NullIfEmpty(configuration["Dex:Slack:Domain"])?.TrimStart('@'),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
