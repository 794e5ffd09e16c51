using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.UpdateUser;

/// <summary>"Set kevin@acme.com's account enabled", "disable tom@acme.com": accountEnabled, an admin property.</summary>
public sealed partial class AccountEnabledRecogniser : IStepRecogniser
{
    public string Action => DexActions.UpdateUser;

    public int Order => 40;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, EnabledGate))
        {
            return Recognition.None;
        }

        bool enabled;
        if (SetAccountEnabled().Match(c) is { Success: true } set)
        {
            enabled = !set.Groups["off"].Success;
        }
        else if (DisableAccount().IsMatch(c) && !MfaWords().IsMatch(c))
        {
            enabled = false;
        }
        else
        {
            return Recognition.None;
        }

        return Recognition.Of(RuleTargets.Find(c, clause).Select(t => new IntendedStep
        {
            Action = DexActions.UpdateUser,
            Target = t,
            Fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["accountEnabled"] = enabled ? "true" : "false" },
        }));
    }

    private static readonly SearchValues<string> EnabledGate = Gate("enabled", "disable", "deactivate", "suspend", "block");

    [GeneratedRegex(@"\b(?:set|mark|flip|switch|turn)\b.{0,60}?\baccount\b.{0,40}?\bto\s+(?:(?<on>enabled|active)|(?<off>disabled|inactive))\b|\b(?:set|mark|flip|switch|turn)\b.{0,40}?\baccount\s*enabled\b(?:\s+(?:to|=|:))?\s*(?:(?<on>true|yes|on)|(?<off>false|no|off))?|\baccountEnabled\b\s*(?:to|=|:)?\s*(?:(?<on>true|yes|on)|(?<off>false|no|off))?", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex SetAccountEnabled();

    [GeneratedRegex(@"\b(?:disable|deactivate|suspend)\b|\bblock\s+(?:sign[\s-]?ins?|signin|log[\s-]?ins?|access)\s+(?:for|of)\b|\bblock\s+(?:\S+?'s\s+)?(?:account|user)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex DisableAccount();
}

/// <summary>"Change the display name of eve@acme.com to Eve Martin-Lee": any property that is not a self-service profile field.</summary>
public sealed class UpdateUserRecogniser : IStepRecogniser
{
    public string Action => DexActions.UpdateUser;

    public int Order => 91;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        if (RuleFields.Read(clause.Text) is not { } change || change.Fields.Keys.All(CatalogueRules.ProfileFields.Contains))
        {
            return Recognition.None;
        }

        var targets = change.ExplicitTarget is not null ? [change.ExplicitTarget] : RuleTargets.Find(change.Rest, clause);
        return Recognition.Of(targets.Select(t => new IntendedStep { Action = DexActions.UpdateUser, Target = t, Fields = change.Fields }));
    }
}
