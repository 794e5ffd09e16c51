using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.SwapLicense;

/// <summary>"move tom from E3 to E5", "switch priya@acme.com from Office 365 E3 to Microsoft 365 E3", "swap tom's E3 for E5".</summary>
public sealed partial class SwapLicenseRecogniser : IStepRecogniser
{
    public string Action => DexActions.SwapLicense;

    public int Order => 12;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, SwapGate))
        {
            return Recognition.None;
        }

        var location = LicenseText.TakeLocation(ref c);
        var without = LicenseText.TakeWithout(ref c);
        foreach (var pattern in Patterns)
        {
            var m = pattern.Match(c);
            if (!m.Success || LicenseText.Sku(m.Groups["from"].Value, c) is not { } from || LicenseText.Sku(m.Groups["to"].Value, c) is not { } to)
            {
                continue;
            }

            var people = RuleTargets.People(m.Groups["who"].Value, clause);
            if (people.Count == 0)
            {
                return Recognition.Ask("Say whose licence to swap, e.g. \"move tom@acme.com from E3 to E5\".");
            }

            var parameters = LicenseText.Parameters(("from", from), ("to", to), ("disabledPlans", without), ("usageLocation", location));
            return Recognition.Of(people.Select(p => new IntendedStep { Action = DexActions.SwapLicense, Target = p, Parameters = parameters }));
        }

        return Recognition.None;
    }

    private static readonly SearchValues<string> SwapGate = Gate("move", "switch", "swap", "change", "upgrade", "downgrade", "migrate", "replace");

    private static readonly Regex[] Patterns = [FromTo(), Possessive()];

    [GeneratedRegex(@"\b(?:move|switch|swap|change|upgrade|downgrade|migrate)\s+(?<who>.+?)\s+from\s+(?<from>.{1,60}?)\s+to\s+(?<to>.{1,60}?)\s*[.!?]?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex FromTo();

    [GeneratedRegex(@"\b(?:swap|switch|replace|change|exchange)\s+(?<who>" + EmailP + @"|[\w.-]+)'s\s+(?<from>.{1,60}?)\s+(?:for|with|to)\s+(?<to>.{1,60}?)\s*[.!?]?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Possessive();
}
