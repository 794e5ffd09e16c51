using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.GrantAccess;

/// <summary>"Add sarah@acme.com to the \"Finance-Admins\" group", "Request access to All-Engineering", "give tom access to Salesforce" (an app).</summary>
public sealed partial class GrantAccessRecogniser : IStepRecogniser
{
    public string Action => DexActions.GrantAccess;

    public int Order => 83;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);

        // "add tom to VPN Users for 8 hours": the duration is not part of the group's name.
        var (rest, duration) = Grants.GrantDurations.Split(clause.Text);
        var found = RuleGroups.Change(duration is null ? clause : clause with { Text = rest }, revoke: false, (AddTo(), AddGate), (GiveAccess(), GiveGate), (RequestAccess(), RequestGate), (Join(), JoinGate));
        if (duration is null || found.Steps.Count == 0)
        {
            return found;
        }

        return found with
        {
            Steps = [.. found.Steps.Select(p => p with { Step = p.Step with { Parameters = new Dictionary<string, string>(p.Step.Parameters, StringComparer.Ordinal) { [Grants.GrantStep.DurationKey] = duration } } })],
        };
    }

    private static readonly SearchValues<string> AddGate = Gate("add", "put", "place", "include", "enrol", "insert", "invite", "subscribe", "move", "ad ");
    private static readonly SearchValues<string> GiveGate = Gate("make", "grant", "give", "provide", "allow");
    private static readonly SearchValues<string> RequestGate = Gate("access", "membership");
    private static readonly SearchValues<string> JoinGate = Gate("join", "be added", "be in", "be put", "be part", "member of", "get into", "get added", "sign me", "sign up", "let me", "myself");

    [GeneratedRegex(@"\b(?:add|put|place|include|enrol+|enroll|insert|invite|subscribe|move|ad(?=\s+(?:\S+@|me\b)))\s+(?<who>.{0,120}?)\s*\b(?:to|into|in|onto|on)\s+(?<rest>.+)$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex AddTo();

    [GeneratedRegex(@"\bmake\s+(?<who>.{1,120}?)\s+(?:a\s+)?member\s+of\s+(?<rest>.+)$|\b(?:grant|give|provide|allow)\s+(?<who>.{0,120}?)\s*\b(?:access|membership|permissions?)\s+(?:to|in|on|for|into|of)\s+(?<rest>.+)$|\b(?:grant|give)\s+(?=.{1,250}?\s(?:access|membership)\b\s*$)(?<who>.{1,120}?)\s+(?<rest>.{1,120}?)\s+(?:access|membership)\b\s*$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex GiveAccess();

    [GeneratedRegex(@"^(?<who>.+?)\s+(?:needs|wants|requires|requests|requested)\s+(?:an?\s+)?(?:access|membership)\s+(?:to|in|on|for|into)\s+(?<rest>.+)$|\b(?:request(?:ing)?|need|want|like|get|requested|require|asking\s+for|have)\s+(?:to\s+(?:get\s+|have\s+)?)?(?:an?\s+)?(?:access|membership)\s+(?:to|in|on|for|into)\s+(?<rest>.+)$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex RequestAccess();

    [GeneratedRegex(@"^(?<who>.+?)\s+(?:needs|wants|should|has)\s+(?:to\s+)?(?:join|be\s+added\s+to|be\s+in|be\s+part\s+of)\s+(?<rest>.+)$|\b(?:join|be\s+added\s+to|be\s+(?:put\s+)?in|be\s+part\s+of|be\s+a\s+member\s+of|become\s+a\s+member\s+of|get\s+into|get\s+added\s+to|sign\s+(?:me\s+)?up\s+for|let\s+me\s+into|let\s+me\s+in|add\s+myself\s+to)\s+(?<rest>.+)$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Join();
}

/// <summary>"Is tom in Sales Team? If not, add him.": the previous clause's people to its groups.</summary>
public sealed class GrantAccessFollowUpRecogniser : IStepRecogniser
{
    public string Action => DexActions.GrantAccess;

    public int Order => 130;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        return RuleGroups.FollowUp(clause, revoke: false);
    }
}
