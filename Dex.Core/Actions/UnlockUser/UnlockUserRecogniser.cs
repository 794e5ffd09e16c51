using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.UnlockUser;

/// <summary>"I'm locked out", "re-enable kevin@acme.com", "unlock the ones on this list: a@x, b@x" (bulk: one step, many targets).</summary>
public sealed partial class UnlockUserRecogniser : IStepRecogniser
{
    public const string PasteListNote = "Paste the accounts to unlock (UPNs or names, one per line or comma-separated).";

    public string Action => DexActions.UnlockUser;

    public int Order => 50;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, UnlockGate))
        {
            return Recognition.None;
        }

        var verb = UnlockVerb().Match(c);
        if (!verb.Success && !LockedOut().IsMatch(c))
        {
            return Recognition.None;
        }

        // "enable MFA" is not an unlock.
        if (verb.Success && verb.Value.Contains("enable", StringComparison.OrdinalIgnoreCase) && MfaWords().IsMatch(c))
        {
            return Recognition.None;
        }

        List<string> targets;
        var colon = ListAfterColon().Match(c);
        if (colon.Success)
        {
            targets = RuleTargets.ListItems(colon.Groups["list"].Value);
        }
        else if (BulkWords().Match(c) is { Success: true } tail)
        {
            targets = RuleTargets.ListItems(c[(tail.Index + tail.Length)..]);
            if (targets.Count == 0)
            {
                return Recognition.Ask(PasteListNote);
            }
        }
        else
        {
            targets = RuleTargets.Find(c, clause);
        }

        return targets.Count switch
        {
            > 1 => Recognition.Of([new IntendedStep { Action = DexActions.UnlockUser, Targets = targets }]),
            1 => Recognition.Of([new IntendedStep { Action = DexActions.UnlockUser, Target = targets[0] }]),
            _ => Recognition.Handled,
        };
    }

    private static readonly SearchValues<string> UnlockGate = Gate("unlock", "enable", "activate", "suspend", "unblock", "locked", "lock-out", "turn", "restore");

    [GeneratedRegex(@"\block(?:ed)?[\s-]+out\b|\b(?:account|acct)\s+(?:is\s+|got\s+|was\s+|has\s+been\s+)?(?:locked|disabled)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex LockedOut();

    [GeneratedRegex(@":\s*(?<list>.+)$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex ListAfterColon();

    [GeneratedRegex(@"\b(?:the\s+ones|these|those|the\s+following|this\s+list|the\s+list)\b(?:\s+(?:accounts|users|people))?(?:\s+(?:on|in|from|below)(?:\s+(?:this|the|my)\s+list)?)?", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex BulkWords();
}
