using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.ListLockedUsers;

/// <summary>"Show me every locked Entra account in the Sales department" (a list, never an unlock).</summary>
public sealed partial class ListLockedUsersRecogniser : IStepRecogniser
{
    public string Action => DexActions.ListLockedUsers;

    public int Order => 20;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, LockedGate) || !LockedList().IsMatch(c) || UnlockVerb().IsMatch(c) || Email().IsMatch(c))
        {
            return Recognition.None;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Department(c) is { } dept)
        {
            parameters["department"] = dept;
        }

        return Recognition.Of([new IntendedStep { Action = DexActions.ListLockedUsers, Parameters = parameters }]);
    }

    private static readonly SearchValues<string> LockedGate = Gate("locked", "disabled", "blocked", "deactivated", "inactive", "suspended", "lock-out", "lockout");

    [GeneratedRegex(@"\b(?:locked|disabled|blocked|deactivated|inactive|suspended)(?:[\s-]+out)?\s+(?:entra\s+(?:id\s+)?|azure\s+ad\s+|aad\s+|user\s+|m365\s+)?(?:accounts?|users?|people|employees|logins|ones|identities)\b|\b(?:accounts|users|people|employees|anyone|anybody|who|everyone)\b[^.?]*?\b(?:are|is|were|that\s+are|currently|got|have\s+been|been)\s+(?:currently\s+|still\s+)?(?:locked|disabled|blocked|deactivated)\b|\bwho(?:'s|\s+is|\s+are)\s+(?:currently\s+|still\s+)?(?:locked|disabled)\b|\block(?:ed)?[\s-]?out\s+(?:list|report)\b", I | RegexOptions.NonBacktracking, RulePatterns.MatchTimeoutMs)]
    private static partial Regex LockedList();
}
