using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.AssignLicense;

/// <summary>"assign E5 to noa.levi@acme.com", "give tom E5 without Teams", "license tom and priya for Visio", "I need a Power BI Pro licence".</summary>
public sealed partial class AssignLicenseRecogniser : IStepRecogniser
{
    public string Action => DexActions.AssignLicense;

    public int Order => 14;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, AssignGate))
        {
            return Recognition.None;
        }

        var location = LicenseText.TakeLocation(ref c);
        var without = LicenseText.TakeWithout(ref c);
        foreach (var pattern in Patterns)
        {
            var m = pattern.Match(c);
            if (!m.Success || LicenseText.Sku(m.Groups["sku"].Value, clause.Text) is not { } sku)
            {
                continue;
            }

            var people = m.Groups["who"].Success ? RuleTargets.People(m.Groups["who"].Value, clause) : ["me"];
            if (people.Count == 0)
            {
                return Recognition.Ask("Say who gets the licence, e.g. \"assign E5 to tom@acme.com\".");
            }

            var parameters = LicenseText.Parameters(("sku", sku), ("disabledPlans", without), ("usageLocation", location));
            return Recognition.Of([people.Count == 1
                ? new IntendedStep { Action = DexActions.AssignLicense, Target = people[0], Parameters = parameters }
                : new IntendedStep { Action = DexActions.AssignLicense, Targets = people, Parameters = parameters }]);
        }

        return Recognition.None;
    }

    private static readonly SearchValues<string> AssignGate = Gate("assign", "give", "licen", "need", "want", "get", "request", "provision");

    private static readonly Regex[] Patterns = [AssignTo(), GiveSkuTo(), GiveWho(), LicenseFor(), SelfAsk()];

    [GeneratedRegex(@"\b(?:assign|provision|allocate)\s+(?<sku>.{1,60}?)\s+(?:licen[cs]es?\s+)?(?:to|for)\s+(?<who>.+?)\s*[.!?]?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex AssignTo();

    [GeneratedRegex(@"\b(?:give|get|grant)\s+(?<sku>.{1,60}?\s+licen[cs]es?)\s+(?:to|for)\s+(?<who>.+?)\s*[.!?]?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex GiveSkuTo();

    [GeneratedRegex(@"\b(?:give|grant)\s+(?<who>" + EmailP + @"|me|(?-i:[A-Z])[\w'-]*|[a-z][\w'-]*)\s+(?:an?\s+)?(?<sku>.{1,60}?)\s*[.!?]?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex GiveWho();

    [GeneratedRegex(@"\blicen[cs]e\s+(?<who>.+?)\s+(?:for|with)\s+(?<sku>.{1,60}?)\s*[.!?]?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex LicenseFor();

    [GeneratedRegex(@"^(?:i\s+(?:need|want|would\s+like)|i'd\s+like|can\s+i\s+(?:get|have)|could\s+i\s+(?:get|have)|request(?:ing)?|get\s+me)\s+(?:an?\s+)?(?<sku>.{1,60}?)\s*[.!?]?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex SelfAsk();
}
