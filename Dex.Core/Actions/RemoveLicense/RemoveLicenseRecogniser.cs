using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.RemoveLicense;

/// <summary>"remove Visio from sarah", "take tom's E5 licence away", "unassign Power BI Pro from priya@acme.com".</summary>
public sealed partial class RemoveLicenseRecogniser : IStepRecogniser
{
    public string Action => DexActions.RemoveLicense;

    public int Order => 15;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, RemoveGate))
        {
            return Recognition.None;
        }

        foreach (var pattern in Patterns)
        {
            var m = pattern.Match(c);
            if (!m.Success || LicenseText.Sku(m.Groups["sku"].Value, c) is not { } sku)
            {
                continue;
            }

            var people = RuleTargets.People(m.Groups["who"].Value, clause);
            return people.Count == 0
                ? Recognition.Ask("Say whose licence to remove, e.g. \"remove Visio from sarah@acme.com\".")
                : Recognition.Of(people.Select(p => new IntendedStep { Action = DexActions.RemoveLicense, Target = p, Parameters = LicenseText.Parameters(("sku", sku)) }));
        }

        return Recognition.None;
    }

    private static readonly SearchValues<string> RemoveGate = Gate("remove", "take", "revoke", "unassign", "strip", "pull");

    private static readonly Regex[] Patterns = [RemoveFrom(), Possessive()];

    [GeneratedRegex(@"\b(?:remove|revoke|unassign|strip|pull|take)\s+(?:the\s+)?(?<sku>.{1,60}?)\s+(?:licen[cs]es?\s+)?(?:away\s+)?(?:from|off)\s+(?<who>.+?)\s*[.!?]?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex RemoveFrom();

    [GeneratedRegex(@"\b(?:remove|revoke|unassign|strip|pull|take)\s+(?<who>" + EmailP + @"|[\w.-]+)'s\s+(?<sku>.{1,60}?)(?:\s+away)?\s*[.!?]?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Possessive();
}
