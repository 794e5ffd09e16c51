using System.Text.RegularExpressions;
using Dex.Core.Actions.PasswordReset;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.MfaReset;

/// <summary>"I got a new phone, reset my MFA", "Reset MFA for tom@acme.com". With a password named too, the password recogniser proposes both.</summary>
public sealed partial class MfaResetRecogniser : IStepRecogniser
{
    public string Action => DexActions.MfaReset;

    public int Order => 61;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, PasswordResetRecogniser.ResetGate) || !MfaWords().IsMatch(c) || !MfaReset().IsMatch(c) || PasswordResetRecogniser.NamesPassword(c) is not null)
        {
            return Recognition.None;
        }

        // As for a password: "send it to X" names a recipient, not the person.
        var work = c;
        _ = Take(ref work, SendTo());
        return Recognition.Of(RuleTargets.Find(work, clause).Select(t => new IntendedStep { Action = DexActions.MfaReset, Target = t, Parameters = new Dictionary<string, string>(StringComparer.Ordinal) }));
    }

    [GeneratedRegex(@"\b(?:reset|clear|remove|wipe|delete|re-?register|re-?enroll|set\s*up|setup|redo|revoke|replace|lost|new\s+(?:phone|device|mobile|iphone|android|cell)|fix|broken|reconfigure|register|again|change|switch|move|transfer|stolen|not\s+working|doesn't\s+work|isn't\s+working|can'?t\s+(?:sign|log)|help|reinstall|re-?install|rest|rset)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex MfaReset();
}
