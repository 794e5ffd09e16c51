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

    /// <summary>A reply to "shall I go ahead?": true for yes ("go ahead", "confirm"), false for no ("no", "cancel"), null for neither.</summary>
    public static bool? ReadConfirmation(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Yes().IsMatch(text))
        {
            return true;
        }

        return No().IsMatch(text) || SplitCancel(text) is (true, { Length: 0 }) ? false : null;
    }

    [GeneratedRegex(@"^\W*(?:yes|y|yep|yeah|yup|sure|ok|okay|confirm(?:ed)?|go\s+ahead|proceed|do\s+it|go\s+for\s+it|please\s+do|correct|that'?s\s+(?:right|correct)|looks\s+good|lgtm)(?:[\s,.!]+(?:yes|please|go\s+ahead|do\s+it|confirm(?:ed)?|thanks|thank\s+you|proceed|that'?s\s+(?:right|fine)))*\W*$", RegexOptions.IgnoreCase, Understanding.RulePatterns.MatchTimeoutMs)]
    private static partial Regex Yes();

    [GeneratedRegex(@"^\W*(?:no|n|nope|nah|don'?t|do\s+not|negative)(?:[\s,.!]+(?:no|cancel(?:\s+(?:it|that|this))?|thanks|thank\s+you|don'?t(?:\s+do\s+it)?|do\s+not\s+do\s+it|stop|please|wait))*\W*$", RegexOptions.IgnoreCase, Understanding.RulePatterns.MatchTimeoutMs)]
    private static partial Regex No();

    [GeneratedRegex(@"^\W*(?:never\s*mind|nevermind|nvm|cancel(?:\s+(?:that|it|this|the\s+(?:request|question)))?|forget\s+(?:it|that|about\s+it)|scratch\s+that|drop\s+(?:it|that)|stop|abort|no\s+thanks)(?:\s*,?\s*(?:please|pls|thanks))?\s*(?:(?:[,.;:!-]+|\s(?:and|instead|then)\b)\s*(?:(?:and|instead|then)\s+)?(?<rest>.+?))?\W*$", RegexOptions.IgnoreCase | RegexOptions.Singleline, Understanding.RulePatterns.MatchTimeoutMs)]
    private static partial Regex Cancel();
}
