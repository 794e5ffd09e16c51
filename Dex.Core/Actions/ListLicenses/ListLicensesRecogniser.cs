using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.ListLicenses;

/// <summary>"How many E3 licences are free?", "show our licences", "what's in E5?" (a list, never a change).</summary>
public sealed partial class ListLicensesRecogniser : IStepRecogniser
{
    public string Action => DexActions.ListLicenses;

    public int Order => 13;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, LicenceGate) || Email().IsMatch(c) || Change().IsMatch(c) || !Ask().IsMatch(c) || DiscoverStrong().IsMatch(c) || SomeoneHas().IsMatch(c))
        {
            return Recognition.None;
        }

        var word = Noun().Match(c);
        if (!word.Success)
        {
            return Recognition.None;
        }

        var sku = LicenseText.KnownBefore(c, word.Index) ?? (ForSku().Match(c) is { Success: true } f ? LicenseText.Sku(f.Groups["sku"].Value, c) : null);
        var parameters = LicenseText.Parameters(("sku", sku), ("plans", Plans().IsMatch(c) ? "true" : null));
        return Recognition.Of([new IntendedStep { Action = DexActions.ListLicenses, Parameters = parameters }]);
    }

    private static readonly SearchValues<string> LicenceGate = Gate("licen", "seat", "sku", "subscription");

    [GeneratedRegex(@"\b(?:licen[cs]es?|seats?|skus?|subscriptions?)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Noun();

    [GeneratedRegex(@"\b(?:how\s+many|list|show|what|which|free|available|unused|spare|count|report|left|remaining|utili[sz](?:ation|ed)|do\s+we\s+have|have\s+we\s+got|overview)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Ask();

    [GeneratedRegex(@"\b(?:assign|give|remove|revoke|unassign|take|reclaim|free\s+up|recover|harvest|swap|switch|move|upgrade|downgrade|add|buy|purchase)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Change();

    /// <summary>"what licences does tom have?", "sarah's licences": a person's profile, not the tenant's seats.</summary>
    [GeneratedRegex(@"\b(?:does|do|has)\s+(?!we\b|our\b|the\b|acme\b|it\b)[\w.-]+\s+have\b|\b(?:my|his|her|their|[a-z][\w.-]*'s)\s+licen[cs]es?\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex SomeoneHas();

    [GeneratedRegex(@"\b(?:for|of)\s+(?<sku>[\w+ .()-]{1,40}?)\s*[?.!]?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex ForSku();

    [GeneratedRegex(@"\b(?:service\s+plans?|plans|services|apps|what'?s\s+(?:in|included))\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Plans();
}
