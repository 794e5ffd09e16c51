using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Dex.Web.Chat;

/// <summary>The fields of a Slack slash command (form body) that Dex uses.</summary>
public sealed record SlackCommand(
    string? UserId,
    string? UserName,
    string? Text,
    string? TriggerId,
    string? TeamId,
    string? ChannelId,
    string? Command,
    bool SslCheck)
{
    public static SlackCommand Parse(ReadOnlySpan<byte> formBody)
    {
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(formBody));
        string? Get(string key) => form.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString().Trim() : null;
        return new SlackCommand(Get("user_id"), Get("user_name"), Get("text"), Get("trigger_id"), Get("team_id"), Get("channel_id"), Get("command"), Get("ssl_check") == "1");
    }

    /// <summary>
    /// The Dex message id: the command's <c>trigger_id</c> (unique per invocation), or, when Slack sent none, a
    /// hash of the signed timestamp, team, user and text, so the same delivery always maps to the same request.
    /// </summary>
    public string MessageId(string signedTimestamp)
    {
        if (TriggerId is { Length: > 0 and <= 200 } trigger)
        {
            return trigger;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{signedTimestamp}\n{TeamId}\n{UserId}\n{Text}"));
        return "slack-" + Convert.ToHexStringLower(hash)[..32];
    }
}
