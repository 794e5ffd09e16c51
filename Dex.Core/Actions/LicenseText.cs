using System.Text.RegularExpressions;
using Dex.Core.Licensing;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;

namespace Dex.Core.Actions;

/// <summary>What the licence recognisers share: telling a licence name from a group or a person, usage locations, services to leave off.</summary>
internal static partial class LicenseText
{
    /// <summary>The clause says "licence"/"license"/"seats" in so many words.</summary>
    public static bool SaysLicence(string c) => LicenceWord().IsMatch(c);

    /// <summary>A licence name: one the shipped table knows, or anything when the clause says "licence".</summary>
    public static string? Sku(string raw, string clause)
    {
        var v = RuleText.Clean(LicenceTail().Replace(raw, string.Empty));
        v = Article().Replace(v, string.Empty).Trim();
        return v.Length is 0 or > 60 || v.Contains('@', StringComparison.Ordinal) ? null : SkuNames.IsKnown(v) || SaysLicence(clause) ? v : null;
    }

    /// <summary>The licence named by the last 1-4 words before <paramref name="end"/> ("how many E3 licences" → "E3"), when the table knows it.</summary>
    public static string? KnownBefore(string c, int end)
    {
        var words = Spaces().Split(c[..end].Trim()).Where(w => w.Length > 0).ToArray();
        for (var n = Math.Min(4, words.Length); n >= 1; n--)
        {
            var candidate = string.Join(' ', words[^n..]);
            if (SkuNames.IsKnown(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Takes "in US" / "usage location GB" out of the clause.</summary>
    public static string? TakeLocation(ref string c)
    {
        var m = Location().Match(c);
        if (!m.Success)
        {
            return null;
        }

        c = (c[..m.Index] + c[(m.Index + m.Length)..]).Trim();
        return m.Groups["loc"].Value.ToUpperInvariant();
    }

    /// <summary>Takes "without Teams and Exchange" out of the clause; the services, comma-separated.</summary>
    public static string? TakeWithout(ref string c)
    {
        var m = Without().Match(c);
        if (!m.Success)
        {
            return null;
        }

        c = c[..m.Index].Trim();
        var services = AndSplit().Split(RuleText.Clean(m.Groups["off"].Value)).Select(s => s.Trim()).Where(s => s.Length > 0);
        return string.Join(",", services);
    }

    public static Dictionary<string, string> Parameters(params (string Key, string? Value)[] values)
    {
        var p = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in values)
        {
            if (!string.IsNullOrWhiteSpace(v))
            {
                p[k] = v.Trim();
            }
        }

        return p;
    }

    [GeneratedRegex(@"\b(?:licen[cs]es?|seats?)\b", I, RulePatterns.MatchTimeoutMs)]
    public static partial Regex LicenceWord();

    [GeneratedRegex(@"\s*\b(?:licen[cs]es?|seats?|subscriptions?)\b\s*$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex LicenceTail();

    [GeneratedRegex(@"^(?:an?|the|one|1)\s+", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Article();

    [GeneratedRegex(@"\s*(?:,\s*)?\b(?:with\s+)?(?:usage\s+location\s*(?:of|is|=|:)?\s*|(?:located|based)\s+in\s+|in\s+)(?<loc>(?-i:[A-Z]{2}))\b\s*[.!?]?", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Location();

    [GeneratedRegex(@"\s+(?:but\s+)?(?:without|except(?:\s+for)?|minus|with\s+no)\s+(?<off>.+?)\s*[.!?]?\s*$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Without();

    [GeneratedRegex(@"\s*(?:,|\band\b|\bor\b)\s*", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex AndSplit();
}
