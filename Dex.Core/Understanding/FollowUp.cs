using System.Text.RegularExpressions;
using Dex.Core.Requests;

namespace Dex.Core.Understanding;

/// <summary>
/// Multi-turn context: "and also add her to Finance-M365" right after a request about sarah means sarah. Only used
/// when the message on its own names nobody readable (a pronoun with no one before it), and only with the person
/// the requester's own previous request resolved in the directory, never a name taken from the text.
/// </summary>
public static partial class FollowUp
{
    /// <summary>Whether the text leans on someone named earlier (a pronoun), so the previous request is worth reading.</summary>
    public static bool HasPronoun(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Pronoun().IsMatch(text);
    }

    /// <summary>The text with its pronouns replaced by the previous request's person; null when there is nothing to substitute.</summary>
    public static string? Substitute(string text, ConversationContext? context)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (context?.PreviousTarget is not { Length: > 0 } who || !Pronoun().IsMatch(text))
        {
            return null;
        }

        return Pronoun().Replace(text, m =>
        {
            var word = m.Value.ToLowerInvariant();
            var possessive = word is "his" or "their" || (word == "her" && PossessedNoun().IsMatch(text[(m.Index + m.Length)..]));
            return possessive ? who + "'s" : who;
        });
    }

    [GeneratedRegex(@"\b(?:her|him|his|them|their)\b", RegexOptions.IgnoreCase, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Pronoun();

    [GeneratedRegex(@"^\s+(?:new\s+|current\s+)?(?:password|mfa|mobile|phone|account|office|profile|title|job|department|photo|picture|groups|roles|manager|sign-?in|access|details|membership)", RegexOptions.IgnoreCase, RulePatterns.MatchTimeoutMs)]
    private static partial Regex PossessedNoun();
}
