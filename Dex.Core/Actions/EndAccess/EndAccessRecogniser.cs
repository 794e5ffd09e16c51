using System.Text.RegularExpressions;
using Dex.Core.Grants;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;

namespace Dex.Core.Actions.EndAccess;

/// <summary>
/// "Revoke it now", "end my temporary VPN Users access", "end tom@acme.com's temporary access to VPN Users now".
/// A plain "revoke tom's access to VPN Users" stays revoke_access (an explicit removal).
/// </summary>
public sealed partial class EndAccessRecogniser : IStepRecogniser
{
    public string Action => DexActions.EndAccess;

    public int Order => 77;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text.Trim().TrimEnd('.', '!');
        if (ItNow().IsMatch(c))
        {
            return Recognition.Of([new IntendedStep { Action = DexActions.EndAccess, Target = "me" }]);
        }

        if (Temporary().Match(c) is not { Success: true } m)
        {
            return Recognition.None;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (GrantPhrases.Group(m.Groups["g"].Value) is { } g)
        {
            parameters["group"] = g;
        }

        return Recognition.Of(GrantPhrases.Whom(m.Groups["who"].Value, clause).Select(t => new IntendedStep { Action = DexActions.EndAccess, Target = t, Parameters = parameters }));
    }

    [GeneratedRegex(@"^(?:(?:ok(?:ay)?|actually|and)[,\s]+)?(?:revoke|end|remove|cancel|stop|drop|terminate)\s+(?:it|that|this|the\s+(?:temporary\s+)?(?:access|grant))(?:\s+(?:now|early|right\s+now|immediately|already))?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex ItNow();

    [GeneratedRegex(@"\b(?:revoke|end|remove|cancel|stop|drop|terminate)\s+(?<who>my|\S+@\S+?'s|[A-Za-z][\w.-]*'s)\s+(?:(?:temporary|time-bound|temp)\s+(?:(?:access|membership)\s+(?:to|for|in)\s+(?<g>.+?)|(?<g>.+?)\s+(?:access|membership|grant)|access|grant)(?:\s+(?:now|early|right\s+now|immediately))?|(?:(?:access|membership)\s+(?:to|for|in)\s+(?<g>.+?)|(?<g>.+?)\s+(?:access|membership|grant))\s+(?:now|early|right\s+now|immediately))$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Temporary();
}
