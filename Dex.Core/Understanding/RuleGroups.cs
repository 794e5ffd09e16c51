using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using static Dex.Core.Understanding.RulePatterns;

namespace Dex.Core.Understanding;

/// <summary>Group (or app) names a clause names, and the "for X" / "add him too" forms of the group recognisers.</summary>
internal static partial class RuleGroups
{
    /// <summary>
    /// Group (or app) names in the text after a preposition: quoted names win; otherwise a list split on "and"/commas.
    /// A directory role named as a group is refused (<paramref name="refused"/>, with the role note).
    /// </summary>
    public static List<(string Name, bool IsApp)> Find(string rest, ClauseContext clause, List<string> notes, out bool refused)
    {
        refused = false;
        var cut = GroupTail().Match(rest);
        if (cut.Success)
        {
            rest = rest[..cut.Index];
        }

        var appWords = AppWords().IsMatch(rest);
        var names = new List<string>();
        var quoted = Quoted().Matches(rest);
        if (quoted.Count > 0)
        {
            names.AddRange(quoted.Select(q => q.Groups[1].Value.Trim()));
        }
        else
        {
            foreach (var part in ListSplit().Split(rest))
            {
                var name = GroupSuffix().Replace(GroupPrefix().Replace(part.Trim(' ', ',', '.', ':', '?', '!'), string.Empty), string.Empty).Trim(' ', ',', '.', ':', '?', '!');
                if (name.Length > 0 && !RuleLexicon.NotName.Contains(name) && !Pronoun().IsMatch(name))
                {
                    names.Add(name);
                }
            }
        }

        var result = new List<(string, bool)>();
        foreach (var name in names)
        {
            if (name.Length == 0)
            {
                continue;
            }

            if (CatalogueRules.LooksLikeDirectoryRole(name))
            {
                notes.Add(RuleBasedUnderstanding.RoleNote);
                refused = true;
                continue;
            }

            var isApp = appWords || RuleLexicon.KnownApps.Contains(name);
            result.Add((isApp ? AppSuffix().Replace(name, string.Empty).Trim() : name, isApp));
        }

        if (result.Count == 0 && !refused && ItOrThem().IsMatch(rest) && clause.PreviousGroups.Count > 0)
        {
            result.AddRange(clause.PreviousGroups.Select(g => (g, false)));
        }

        return result;
    }

    /// <summary>
    /// Grant or revoke: the first pattern naming a group wins; "for X" at the end names the person, else the
    /// pattern's "who", else the requester. One step per person × group; an app (Salesforce) is granted as "app".
    /// </summary>
    public static Recognition Change(ClauseContext clause, bool revoke, params (Regex Regex, SearchValues<string> Gate)[] patterns)
    {
        var c = clause.Text;
        foreach (var (regex, gate) in patterns)
        {
            if (!RuleText.Has(c, gate) || regex.Match(c) is not { Success: true } m)
            {
                continue;
            }

            var rest = m.Groups["rest"].Value;
            var forWhom = ForWhom().Match(rest);
            string whoText;
            if (forWhom.Success)
            {
                whoText = forWhom.Groups["who"].Value;
                rest = rest[..forWhom.Index];
            }
            else
            {
                whoText = m.Groups["who"].Success ? m.Groups["who"].Value : "me";
            }

            var notes = new List<string>();
            var groups = Find(rest, clause, notes, out var refused);
            if (groups.Count == 0)
            {
                if (refused)
                {
                    return Recognition.Of([], notes);
                }

                continue;
            }

            var who = RuleTargets.People(whoText, clause);
            if (who.Count == 0)
            {
                who = RuleTargets.Default(c, clause);
            }

            var steps = new List<ProposedStep>();
            foreach (var t in who)
            {
                foreach (var (g, isApp) in groups)
                {
                    var action = revoke ? DexActions.RevokeAccess : DexActions.GrantAccess;
                    var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { [isApp && !revoke ? "app" : "group"] = g };
                    steps.Add(new ProposedStep(new IntendedStep { Action = action, Target = t, Parameters = parameters }, g));
                }
            }

            return Recognition.Of(steps, notes);
        }

        return Recognition.None;
    }

    /// <summary>"If not, add him." / "remove them too": the people of the previous clause (or named) to or from its groups.</summary>
    public static Recognition FollowUp(ClauseContext clause, bool revoke)
    {
        if (AddPronoun().Match(clause.Text) is not { Success: true } add || clause.PreviousGroups.Count == 0 || add.Groups["rm"].Success != revoke)
        {
            return Recognition.None;
        }

        var steps = new List<ProposedStep>();
        foreach (var t in RuleTargets.People(add.Groups["who"].Value, clause))
        {
            foreach (var g in clause.PreviousGroups)
            {
                steps.Add(new ProposedStep(new IntendedStep { Action = revoke ? DexActions.RevokeAccess : DexActions.GrantAccess, Target = t, Parameters = RuleText.Group(g) }, g));
            }
        }

        return Recognition.Of(steps);
    }

    [GeneratedRegex(@"\s+(?:for|on\s+behalf\s+of)\s+(?<who>" + EmailP + @"|me|myself|him|her|them|(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?|[a-z][\w'-]+)\s*[.?!]?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex ForWhom();

    [GeneratedRegex(@"^\s*(?:if\s+not,?\s+)?(?:(?<rm>remove|kick)|add|put)\s+(?<who>him|her|them|me|" + EmailP + @")(?:\s+(?:too|as\s+well|then|please|to\s+(?:it|them|those|the\s+same\s+(?:group|groups|ones)|both)))?\s*$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex AddPronoun();

    [GeneratedRegex(@"\s+(?:so|because|since|as\s+(?:he|she|they|i|we)|for\s+(?:the|a|an|his|her|my|their|our|now|today|this|next)|please|pls|asap|thanks|thank\s+you|today|right\s+now|now|immediately|too|as\s+well|when|if|until|by\s+(?:eod|tomorrow|today|monday|friday)|starting|effective|thx|right\s+away|to\s+(?:help|work|see|access|get|review|cover|check|manage|do)|in\s+order)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex GroupTail();

    [GeneratedRegex(@"\b(?:app|apps|application|applications|enterprise\s+app|sso|saas|software|service\s+principal)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex AppWords();

    [GeneratedRegex(@"\s+(?:(?-i:enterprise)\s+)?(?:app|application|sso)$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex AppSuffix();

    [GeneratedRegex(@"\s+(?:(?:(?-i:security)|m365|microsoft\s+365|office\s+365|o365|teams|unified|distribution|mail-enabled|ad|entra|aad|azure\s+ad)\s+)*(?:groups?|dls?|distribution\s+lists?|channel)$|\s+teams$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex GroupSuffix();

    [GeneratedRegex(@"^\s*(?:(?:of|in|for|to|from|into|on)\s+)?(?:the\s+|our\s+|a\s+|an\s+)?", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex GroupPrefix();

    [GeneratedRegex(@"^\s*(?:(?:the\s+)?same\s+(?:group|groups|ones?)|it|them|those|that\s+group|these\s+groups|both)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex ItOrThem();
}
