using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.ListUserGroups;

/// <summary>"What groups am I in?", "which groups is alice@acme.com a member of?", "tom's groups".</summary>
public sealed partial class ListUserGroupsRecogniser : IStepRecogniser
{
    public string Action => DexActions.ListUserGroups;

    public int Order => 80;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, UserGroupsGate) || !UserGroups().IsMatch(c) || AlsoProfile().IsMatch(c))
        {
            // Asked with the profile or roles: view_profile answers all of it (it lists groups too).
            return Recognition.None;
        }

        var who = UserGroupsWho().Match(c) is { Success: true } w ? RuleTargets.People(w.Groups["who"].Value, clause) : [];
        return Recognition.Of((who.Count > 0 ? who : RuleTargets.Find(c, clause)).Select(t => new IntendedStep { Action = DexActions.ListUserGroups, Target = t }));
    }

    [GeneratedRegex(@"\b(?:profile|roles)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex AlsoProfile();

    private static readonly SearchValues<string> UserGroupsGate = Gate("group", "member of");

    [GeneratedRegex(@"\b(?:which|what)\s+(?:security\s+|m365\s+|microsoft\s+365\s+|teams\s+)?groups?\s+(?:is|are|am|does|do|did|has|have|(?=\S+@)|i\b)|\bgroups?\s+(?:is|am|are|does|do)\s+|\bgroup\s+memberships?\b|\b(?:my|his|her|their|[A-Za-z][\w'.-]*'s)\s+(?:security\s+|m365\s+)?groups\b|\bwhat\s+(?:am\s+i|is\s+\S+|are\s+\S+)\s+(?:a\s+)?member\s+of\b|\b(?:list|show|get|display|see)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?groups\s+(?:for|of|that)\b|\bgroups\s+(?:for|of)\s+(?=\S+@|me\b)|\bmember\s+of\s+(?:which|what)\b|\bgroups\s+(?:that\s+)?\S+(?:\s+\S+)?\s+(?:is|am|are|belongs?)\s+(?:in|to|a\s+member)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex UserGroups();

    [GeneratedRegex(@"\bgroups?\s+(?:is|are|am|does|do|has|have)\s+(?<who>.+?)\s+(?:a\s+)?(?:member|members|in|on|belong|belongs|part|got|have|has|sit|sits)\b|\bgroups?\s+(?:for|of|that)\s+(?<who>" + EmailP + @"|me\b|[A-Za-z][\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)?)|\bwhat\s+(?:is|are)\s+(?<who>.+?)\s+(?:a\s+)?member\s+of\b|\bgroups\s+(?:that\s+)?(?<who>\S+(?:\s+\S+)?)\s+(?:is|am|are|belongs?)\s+(?:in|to|a\s+member)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex UserGroupsWho();
}
