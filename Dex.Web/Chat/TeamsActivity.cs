using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dex.Core.Requests;

namespace Dex.Web.Chat;

/// <summary>The parts of a Bot Framework message activity (as a Teams outgoing webhook posts it) that Dex uses.</summary>
public sealed partial record TeamsActivity(
    string? Type,
    string? Id,
    DateTimeOffset? Timestamp,
    string? Text,
    string? FromAadObjectId,
    string? FromName,
    string? ConversationId,
    IReadOnlyList<TeamsAttachment> Attachments)
{
    /// <summary>Parses the JSON body; null when it is not a JSON object.</summary>
    public static TeamsActivity? Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 32 });
            if (!JsonDocument.TryParseValue(ref reader, out var parsed))
            {
                return null;
            }

            doc = parsed;
        }
        catch (JsonException)
        {
            return null;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var from = Child(root, "from");
            var conversation = Child(root, "conversation");
            DateTimeOffset? timestamp = Str(root, "timestamp") is { } t && DateTimeOffset.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;
            var attachments = new List<TeamsAttachment>();
            if (root.TryGetProperty("attachments", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var a in list.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object).Take(10))
                {
                    attachments.Add(new TeamsAttachment(Str(a, "name"), Str(a, "contentType"), Str(a, "contentUrl")));
                }
            }

            return new TeamsActivity(
                Str(root, "type"),
                Str(root, "id"),
                timestamp,
                Str(root, "text"),
                from is { } f ? Str(f, "aadObjectId") : null,
                from is { } f2 ? Str(f2, "name") : null,
                conversation is { } c ? Str(c, "id") : null,
                attachments);
        }
    }

    /// <summary>
    /// The message as plain text: the mention of the webhook itself (<c>&lt;at&gt;Dex&lt;/at&gt;</c>, or whatever the
    /// leading mention is when the webhook was named differently) removed, other mentions kept as the plain name, HTML
    /// tags dropped, entities decoded, whitespace collapsed.
    /// </summary>
    public static string CleanText(string? html, string botName)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return string.Empty;
        }

        var source = html.Trim();
        bool IsBot(Match m) => string.Equals(WebUtility.HtmlDecode(m.Groups["name"].Value).Trim(), botName, StringComparison.OrdinalIgnoreCase);
        if (!Mention().Matches(source).Any(IsBot))
        {
            // A renamed webhook: Teams puts its mention first.
            source = LeadingMention().Replace(source, " ", 1);
        }

        var text = Mention().Replace(source, m => IsBot(m) ? " " : m.Groups["name"].Value.Trim());
        text = LineBreak().Replace(text, "\n");
        text = Tag().Replace(text, string.Empty);
        text = WebUtility.HtmlDecode(text).Replace('\u00a0', ' ');
        text = Spaces().Replace(text, " ");
        return string.Join('\n', text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)).Trim();
    }

    /// <summary>Attachments Dex can read without a bot token: inline <c>data:</c> URLs. Others are reported back as not readable.</summary>
    public (IReadOnlyList<MessageAttachment> Readable, IReadOnlyList<string> Unreadable) ReadAttachments()
    {
        var readable = new List<MessageAttachment>();
        var unreadable = new List<string>();
        foreach (var a in Attachments)
        {
            if (a.ContentType is "text/html" or "application/vnd.microsoft.card.adaptive" or "application/vnd.microsoft.teams.card.o365connector")
            {
                continue; // rich-text body and cards are the message itself, not files
            }

            if (a.ContentUrl is { } url && url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && url.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase) is var i and > 5)
            {
                readable.Add(new MessageAttachment(a.Name ?? "attachment", url[5..i], url[(i + ";base64,".Length)..]));
            }
            else
            {
                unreadable.Add(a.Name ?? a.ContentType ?? "attachment");
            }
        }

        return (readable, unreadable);
    }

    private static JsonElement? Child(JsonElement e, string name) => e.TryGetProperty(name, out var c) && c.ValueKind == JsonValueKind.Object ? c : null;

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [GeneratedRegex(@"<at>(?<name>[^<]{0,200})</at>", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Mention();

    [GeneratedRegex(@"^\s*(<[^>]{0,200}>\s*)*<at>[^<]{0,200}</at>", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LeadingMention();

    [GeneratedRegex(@"<br\s*/?>|</p>|</div>", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"<[^>]{0,2000}>", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Tag();

    [GeneratedRegex(@"[ \t\r\f\v]+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Spaces();
}

public sealed record TeamsAttachment(string? Name, string? ContentType, string? ContentUrl);
