using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.CancelDeletion;

/// <summary>"cancel the deletion of tom@acme.com", "don't delete tom@acme.com", "restore tom@acme.com", "undelete tom@acme.com".</summary>
public sealed partial class CancelDeletionRecogniser : IStepRecogniser
{
    public string Action => DexActions.CancelDeletion;

    public int Order => 2;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text.Trim().TrimEnd('.', '!');
        if (!Has(c, Gate1) || Pattern().Match(c) is not { Success: true } m)
        {
            return Recognition.None;
        }

        return Recognition.Of([new IntendedStep
        {
            Action = DexActions.CancelDeletion,
            Parameters = new Dictionary<string, string>(StringComparer.Ordinal) { [CancelDeletionAction.UserKey] = m.Groups["who"].Value.ToLowerInvariant() },
        }]);
    }

    private static readonly SearchValues<string> Gate1 = Gate("delet", "restore");

    [GeneratedRegex(@"^(?:please\s+)?(?:(?:cancel|stop|abort)\s+(?:the\s+)?(?:scheduled\s+|pending\s+)?(?:account\s+)?deletion\s+of|(?:do\s+not|don't|dont)\s+delete|undelete|restore)\s+(?:the\s+)?(?:account\s+|user\s+)?(?<who>[^\s@]+@[^\s@]+\.[^\s@]+?)(?:'s)?(?:\s+account)?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Pattern();
}
