using System.Text.RegularExpressions;
using Dex.Core.Grants;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;

namespace Dex.Core.Actions.ExtendAccess;

/// <summary>"Extend my VPN Users access by 4 hours", "extend tom@acme.com's access to VPN Users until Friday 17:00".</summary>
public sealed partial class ExtendAccessRecogniser : IStepRecogniser
{
    public string Action => DexActions.ExtendAccess;

    public int Order => 76;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        if (!clause.Text.Contains("extend", StringComparison.OrdinalIgnoreCase) && !clause.Text.Contains("prolong", StringComparison.OrdinalIgnoreCase))
        {
            return Recognition.None;
        }

        var (rest, phrase) = GrantDurations.SplitExtension(clause.Text);
        if (Extend().Match(rest) is not { Success: true } m)
        {
            return Recognition.None;
        }

        if (phrase is null)
        {
            return Recognition.Ask("Say by how long, e.g. \"extend my VPN Users access by 4 hours\".");
        }

        var targets = GrantPhrases.Whom(m.Groups["who"].Value, clause);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { [GrantStep.DurationKey] = phrase };
        if (GrantPhrases.Group(m.Groups["g"].Value) is { } g)
        {
            parameters["group"] = g;
        }

        return Recognition.Of(targets.Select(t => new IntendedStep { Action = DexActions.ExtendAccess, Target = t, Parameters = parameters }));
    }

    [GeneratedRegex(@"\b(?:extend|prolong|lengthen)\s+(?:the\s+)?(?<who>my|me|his|her|their|\S+@\S+?'s|[A-Za-z][\w.-]*'s)?\s*(?:temporary\s+|time-bound\s+)?(?:(?:access|membership)\s+(?:to|for|in|of)\s+(?<g>.+?)|(?<g>.+?)\s+(?:access|membership|grant)|(?:access|membership|grant|it|that))\s*$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Extend();
}
