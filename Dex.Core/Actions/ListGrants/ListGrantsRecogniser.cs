using System.Text.RegularExpressions;
using Dex.Core.Grants;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;

namespace Dex.Core.Actions.ListGrants;

/// <summary>"What temporary access do I have?", "list tom@acme.com's temporary access", "show my grants".</summary>
public sealed partial class ListGrantsRecogniser : IStepRecogniser
{
    public string Action => DexActions.ListGrants;

    public int Order => 75;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        if (List().Match(clause.Text) is not { Success: true } m)
        {
            return Recognition.None;
        }

        var who = m.Groups["who"].Success ? m.Groups["who"].Value : m.Groups["who2"].Value;
        var targets = who.Length > 0 ? GrantPhrases.Whom(who, clause) : RuleTargets.Find(clause.Text, clause);
        return Recognition.Of(targets.Select(t => new IntendedStep { Action = DexActions.ListGrants, Target = t }));
    }

    [GeneratedRegex(@"\b(?:what|which|list|show|see|display|any)\b.{0,40}?\b(?:temporary|time-bound|timebound|temp|expiring)\s+(?:access(?:es)?|grants?|memberships?)\b(?:.{0,20}?\b(?:do|does|have|has)\s+(?<who2>i|me|\S+@\S+)\b)?|\b(?:list|show)\s+(?<who>my|\S+@\S+?'s|[A-Za-z][\w.-]*'s)\s+(?:live\s+)?grants\b|\bwhen\s+does\s+my\s+(?:temporary\s+)?access\s+(?:expire|end)", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex List();
}
