using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Dex.Web.Chat;
using Microsoft.AspNetCore.Http;

namespace Dex.Tests.Web.Chat;

/// <summary>Signed chat requests, built the way Dex's callers (Teams, Slack, a webhook client) build them.</summary>
public static class ChatRequests
{
    public const string WebhookSecret = "dex-webhook-secret-for-tests";
    public const string SlackSecret = "slack-signing-secret-for-tests-0123";

    /// <summary>Base64 of "secret-teams-token-0123456789abcdef", as Teams shows a security token.</summary>
    public const string TeamsToken = "c2VjcmV0LXRlYW1zLXRva2VuLTAxMjM0NTY3ODlhYmNkZWY=";

    public static string Now(TimeProvider? time = null) => (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string SlackForm(string userId, string userName, string text, string triggerId)
        => string.Join('&', new[]
        {
            ("token", "deprecated-verification-token"), ("team_id", "T0001"), ("team_domain", "acme"), ("channel_id", "C0001"),
            ("channel_name", "it-help"), ("user_id", userId), ("user_name", userName), ("command", "/dex"), ("text", text),
            ("response_url", "https://hooks.slack.test/commands/T0001/1/x"), ("trigger_id", triggerId),
        }.Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2).Replace("%20", "+", StringComparison.Ordinal)}"));

    public static string TeamsActivityJson(string id, string aadObjectId, string text, DateTimeOffset? timestamp = null)
        => System.Text.Json.JsonSerializer.Serialize(new
        {
            type = "message",
            id,
            timestamp = (timestamp ?? DateTimeOffset.UtcNow).ToString("o", CultureInfo.InvariantCulture),
            serviceUrl = "https://smba.trafficmanager.net/amer/",
            channelId = "msteams",
            from = new { id = "29:1abc", name = "Someone", aadObjectId },
            conversation = new { isGroup = true, id = "19:abc@thread.skype;messageid=" + id, name = (string?)null },
            recipient = (object?)null,
            textFormat = "plain",
            text,
            attachments = new[] { new { contentType = "text/html", content = "<div>" + text + "</div>" } },
            entities = new object[] { new { type = "clientInfo", locale = "en-US" } },
            channelData = new { teamsChannelId = "19:abc@thread.skype", teamsTeamId = "19:team@thread.skype", tenant = new { id = "72f988bf" } },
        });

    public static HttpRequest Request(string body, string contentType, params (string Name, string Value)[] headers)
    {
        var ctx = new DefaultHttpContext();
        ctx.Request.Method = "POST";
        ctx.Request.ContentType = contentType;
        ctx.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        foreach (var (name, value) in headers)
        {
            ctx.Request.Headers[name] = value;
        }

        return ctx.Request;
    }

    public static (string Name, string Value)[] SlackHeaders(string body, string timestamp, string secret = SlackSecret)
        => [(SlackSignature.TimestampHeader, timestamp), (SlackSignature.SignatureHeader, SlackSignature.Sign(secret, timestamp, Encoding.UTF8.GetBytes(body)))];

    public static (string Name, string Value)[] TeamsHeaders(string body, string token = TeamsToken)
        => [("Authorization", TeamsSignature.Sign(TeamsSignature.DecodeKey(token)!, Encoding.UTF8.GetBytes(body)))];

    public static (string Name, string Value)[] DexHeaders(string body, string timestamp, string secret = WebhookSecret)
        => [(DexWebhookSignature.TimestampHeader, timestamp), (DexWebhookSignature.SignatureHeader, DexWebhookSignature.Sign(secret, long.Parse(timestamp, CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes(body)))];

    public static HttpRequestMessage Http(string path, string body, string mediaType, params (string Name, string Value)[] headers)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        foreach (var (name, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }
}
