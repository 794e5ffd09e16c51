using System.Text.RegularExpressions;

namespace Dex.Core.Understanding;

/// <summary>One candidate offered when a person was ambiguous ("which John Smith?").</summary>
public sealed record ClarificationOption(string Id, string DisplayName, string UserPrincipalName, string? Department, string? JobTitle, string? OfficeLocation);

/// <summary>
/// Reads the requester's answer to a "which one did you mean?" question. Pure: no directory calls.
/// Understands positions ("2", "the second one", "last"), addresses ("jsmith@acme.com", "jsmith")
/// and distinguishing details ("the one in Sales", "John from marketing", "the NYC one").
/// </summary>
public static partial class ClarificationAnswer
{
    /// <summary>The chosen option's 0-based index, or null when the reply still does not single one out.</summary>
    public static int? Resolve(string reply, IReadOnlyList<ClarificationOption> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(reply) || options.Count == 0)
        {
            return null;
        }

        var text = reply.Trim().ToLowerInvariant();
        if (NoChoice().IsMatch(text))
        {
            return null;
        }

        // A bare position wins first: "2" must not be read as "Floor 2".
        if (OnlyPosition().Match(text) is { Success: true } bare)
        {
            return Position(bare.Groups["p"].Value, options.Count);
        }

        if (ByAddress(text, options) is { } byAddress)
        {
            return byAddress;
        }

        var negated = Negation().IsMatch(text);
        if (ByDetails(text, options) is { } byDetails)
        {
            // "not the one in Sales" with two candidates means the other one.
            return negated ? (options.Count == 2 ? 1 - byDetails : null) : byDetails;
        }

        if (AnyPosition().Match(text) is { Success: true } somewhere && !negated)
        {
            return Position(somewhere.Groups["p"].Value, options.Count);
        }

        return null;
    }

    private static int? Position(string word, int count)
    {
        int? n = word switch
        {
            "first" or "1st" or "one" or "former" or "top" => 1,
            "second" or "2nd" or "two" => 2,
            "third" or "3rd" or "three" => 3,
            "fourth" or "4th" or "four" => 4,
            "fifth" or "5th" or "five" => 5,
            "sixth" or "6th" or "six" => 6,
            "last" or "latter" or "bottom" => count,
            _ => int.TryParse(word.TrimStart('#'), out var v) ? v : null,
        };
        if (word is "former" or "latter" && count != 2)
        {
            return null;
        }

        return n is >= 1 && n <= count ? n - 1 : null;
    }

    private static int? ByAddress(string text, IReadOnlyList<ClarificationOption> options)
    {
        foreach (Match m in Address().Matches(text))
        {
            var found = Unique(options, o => o.UserPrincipalName.Equals(m.Value, StringComparison.OrdinalIgnoreCase));
            if (found is not null)
            {
                return found;
            }
        }

        foreach (Match m in Word().Matches(text))
        {
            var w = m.Value;
            if (w.Length < 3)
            {
                continue;
            }

            var found = Unique(options, o => LocalPart(o.UserPrincipalName).Equals(w, StringComparison.OrdinalIgnoreCase));
            if (found is not null && !options.All(o => Words(o.DisplayName).Contains(w)))
            {
                return found;
            }
        }

        return null;
    }

    // Scores each option by the reply words that only some options have: department 3, title/office 2, name/UPN 1.
    private static int? ByDetails(string text, IReadOnlyList<ClarificationOption> options)
    {
        var words = Word().Matches(text).Select(m => m.Value).Where(w => !Filler.Contains(w)).Distinct().ToList();
        if (words.Count == 0)
        {
            return null;
        }

        var profiles = options.Select(o => new[]
        {
            (Words(o.Department), 3),
            (Words(o.JobTitle), 2),
            (Words(o.OfficeLocation), 2),
            (Words(o.DisplayName).Concat(Words(LocalPart(o.UserPrincipalName))).ToHashSet(StringComparer.Ordinal), 1),
        }).ToList();

        var scores = new int[options.Count];
        foreach (var w in words)
        {
            var has = profiles.Select(p => p.Max(a => Matches(a.Item1, w) ? a.Item2 : 0)).ToArray();
            if (has.All(h => h > 0))
            {
                continue; // shared by everyone: says nothing
            }

            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] += has[i];
            }
        }

        var best = scores.Max();
        return best > 0 && scores.Count(s => s == best) == 1 ? Array.IndexOf(scores, best) : null;

        static bool Matches(HashSet<string> attribute, string w) =>
            attribute.Contains(w) || (w.Length >= 4 && attribute.Any(a => a.StartsWith(w, StringComparison.Ordinal) || (a.Length >= 4 && w.StartsWith(a, StringComparison.Ordinal))));
    }

    private static int? Unique(IReadOnlyList<ClarificationOption> options, Func<ClarificationOption, bool> predicate)
    {
        int? found = null;
        for (var i = 0; i < options.Count; i++)
        {
            if (predicate(options[i]))
            {
                if (found is not null)
                {
                    return null;
                }

                found = i;
            }
        }

        return found;
    }

    private static HashSet<string> Words(string? value) =>
        value is null ? [] : Word().Matches(value.ToLowerInvariant()).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    private static string LocalPart(string upn)
    {
        var at = upn.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? upn : upn[..at];
    }

    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "the", "one", "ones", "in", "from", "at", "of", "on", "who", "whos", "who's", "that", "is", "works", "working", "guy", "gal",
        "person", "user", "i", "mean", "meant", "it", "its", "it's", "please", "pls", "thanks", "thank", "you", "team", "department",
        "dept", "office", "based", "sits", "sitting", "with", "a", "an", "and", "or", "he", "she", "they", "him", "her", "not",
        "isn't", "option", "pick", "choose", "select", "go", "take", "this", "yes", "yeah", "yep", "ok", "okay", "sure", "for",
        "me", "my", "our", "we", "do", "did", "want", "wanted", "meaning", "referring", "to", "about", "title", "job", "role",
    };

    [GeneratedRegex(@"^\W*(?:no(?:pe)?|neither|none|none of (?:them|those|these)|both|all|either|cancel|stop|never\s*mind|not sure|i don'?t know|idk|\?+)\W*$", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex NoChoice();

    [GeneratedRegex(@"^\W*(?:(?:it'?s|i\s+mean|i\s+meant|pick|choose|select|go\s+with|take)\s+)?(?:(?:the|option|number|no\.?|choice)\s*)?(?<p>#?\d{1,2}|first|second|third|fourth|fifth|sixth|last|latter|former|top|bottom|1st|2nd|3rd|4th|5th|6th|one|two|three|four|five|six)(?:\s+(?:one|option|person|user|choice|entry|on\s+the\s+list))?(?:\s*,?\s*(?:please|pls|thanks|thank\s+you))?\W*$", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex OnlyPosition();

    [GeneratedRegex(@"\b(?:the\s+)?(?<p>first|second|third|fourth|fifth|sixth|last|latter|former|1st|2nd|3rd|4th|5th|6th)\b|(?:#|\b(?:option|number|no\.?)\s*)(?<p>\d{1,2})\b", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex AnyPosition();

    [GeneratedRegex(@"[a-z0-9._%+'-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Address();

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}&'.-]*[\p{L}\p{N}&]|[\p{L}\p{N}]", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Word();

    [GeneratedRegex(@"^\W*(?:not|isn'?t|no,?\s+not)\b", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Negation();
}
