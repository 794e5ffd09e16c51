using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.RevokeAccess;

/// <summary>"remove tom@acme.com from the Sales Team group", "kick tom out of Sales Team", "I want to leave Finance".</summary>
public sealed partial class RevokeAccessRecogniser : IStepRecogniser
{
    public string Action => DexActions.RevokeAccess;

    public int Order => 82;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        return RuleGroups.Change(clause, revoke: true, (RevokeAccess(), RemoveGate), (Leave(), LeaveGate));
    }

    private static readonly SearchValues<string> RemoveGate = Gate("remove", "kick", "take", "drop", "revoke", "delete", "pull", "boot", "throw", "eject", "unenroll", "unsubscribe", "exclude", "cancel", "end ");
    private static readonly SearchValues<string> LeaveGate = Gate("leave", "quit", "exit", "get out", "removed");

    [GeneratedRegex(@"\b(?:remove|kick|take|drop|revoke|delete|pull|boot|throw|eject|unenroll|unsubscribe|exclude)\b(?<who>.{0,120}?)\b(?:from|out\s+of|off(?:\s+of)?)\s+(?<rest>.+)$|\b(?:revoke|remove|cancel|end)\s+(?<who>.{1,120}?)'s\s+(?:access|membership)\s+(?:to|in|of|from|for)\s+(?<rest>.+)$|\b(?:revoke|remove)\s+(?:the\s+)?(?:access|membership)\s+(?:of|for)\s+(?<who>.{1,120}?)\s+(?:to|in|from|on)\s+(?<rest>.+)$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex RevokeAccess();

    [GeneratedRegex(@"\b(?:leave|quit|exit|get\s+out\s+of|be\s+removed\s+from)\s+(?<rest>.+)$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Leave();
}

/// <summary>"If not, remove him." after a clause about groups: the same people out of the same groups.</summary>
public sealed class RevokeAccessFollowUpRecogniser : IStepRecogniser
{
    public string Action => DexActions.RevokeAccess;

    public int Order => 131;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        return RuleGroups.FollowUp(clause, revoke: true);
    }
}
