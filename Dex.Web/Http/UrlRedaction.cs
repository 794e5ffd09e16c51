using System.Text.RegularExpressions;

namespace Dex.Web.Http;

/// <summary>
/// Approval and credential links carry their token in the path. Whoever reads a log line or a telemetry item must not
/// be able to replay one, so anything Dex writes about a request shows the route with the token replaced.
/// </summary>
public static partial class UrlRedaction
{
    public const string Placeholder = "{token}";

    /// <summary><paramref name="text"/> with every approval or credential token (plain or URL-encoded, e.g. in a returnUrl) replaced.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var plain = TokenSegment().Replace(text, "$1" + Placeholder);
        return EncodedTokenSegment().Replace(plain, "$1" + Placeholder);
    }

    // A token runs to the next separator of a path, query or log line.
    [GeneratedRegex(@"(/api/(?:approvals|secrets)/)[^/?#&\s""'<>]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TokenSegment();

    [GeneratedRegex(@"(%2Fapi%2F(?:approvals|secrets)%2F)[^&#\s""'<>%]+(?:%[0-9A-F]{2}[^&#\s""'<>%]*)*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EncodedTokenSegment();
}
