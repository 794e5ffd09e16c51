using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.Discover;

/// <summary>"Run discovery", "scan the tenant", "list the directory roles", "which enterprise apps do we have?".</summary>
public sealed partial class DiscoverRecogniser : IStepRecogniser
{
    public string Action => DexActions.Discover;

    public int Order => 110;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, DiscoverGate) || (!DiscoverStrong().IsMatch(c) && !DiscoverWeak().IsMatch(c)))
        {
            return Recognition.None;
        }

        return Recognition.Of([new IntendedStep { Action = DexActions.Discover }]);
    }

    private static readonly SearchValues<string> DiscoverGate = Gate("discover", "scan", "enumerate", "inventory", "approver", "directory role", "enterprise", "licen", "sku", "service principal", "roles", "admin", "groups");

    [GeneratedRegex(@"\b(?:directory\s+roles|enterprise\s+(?:apps?|applications)|subscribed\s+(?:skus|licen[cs]es)|licen[cs]es|service\s+principals|which\s+roles\s+exist|who\s+(?:are|is)\s+(?:the\s+|our\s+)?(?:global|helpdesk|help\s*desk|user|privileged\s+role|authentication)\s+admin(?:istrator)?s?|(?:list|show)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?(?:security\s+|m365\s+)?groups(?:\s+in\s+the\s+tenant)?\s*$|(?:list|show)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?(?:directory\s+)?roles)\b", I | RegexOptions.NonBacktracking, RulePatterns.MatchTimeoutMs)]
    private static partial Regex DiscoverWeak();
}
