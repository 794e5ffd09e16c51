using System.Text.RegularExpressions;

namespace Dex.Core.Intake;

/// <summary>Reads "never mind" / "cancel" (alone, or before a new request) in a reply to an open question.</summary>
public static partial class ConversationReplies
{
    /// <summary>Whether the reply cancels, and what follows the cancelling words (empty when nothing does).</summary>
    public static (bool Cancel, string Remainder) SplitCancel(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = Cancel().Match(text);
        return m.Success ? (true, m.Groups["rest"].Value.Trim()) : (false, text);
    }

    [GeneratedRegex(@"^\W*(?:never\s*mind|nevermind|nvm|cancel(?:\s+(?:that|it|this|the\s+(?:request|question)))?|forget\s+(?:it|that|about\s+it)|scratch\s+that|drop\s+(?:it|that)|stop|abort|no\s+thanks)(?:\s*,?\s*(?:please|pls|thanks))?\s*(?:(?:[,.;:!-]+|\s(?:and|instead|then)\b)\s*(?:(?:and|instead|then)\s+)?(?<rest>.+?))?\W*$", RegexOptions.IgnoreCase | RegexOptions.Singleline, Understanding.RulePatterns.MatchTimeoutMs)]
    private static partial Regex Cancel();
}
